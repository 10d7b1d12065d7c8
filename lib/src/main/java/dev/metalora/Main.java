package dev.metalora;

import dev.metalora.experiment.LinearComparison;
import dev.metalora.experiment.LinearMethodResult;
import dev.metalora.plot.Charts;
import dev.metalora.plot.Figure;
import dev.metalora.progress.Progress;
import org.knowm.xchart.XYChart;

import java.nio.file.Path;

/**
 * Command-line entry of environment/run: {@code run --out DIR} runs the headline linear comparison
 * (reference protocol, 5 trials) and writes {@code DIR/results/linear-headline.json} and
 * {@code DIR/figures/linear-headline.png}.
 */
public final class Main {
    /** Every this many fine-tuning steps is drawn (the curves are smooth; 10001 points add nothing). */
    private static final int PLOT_EVERY = 10;

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length != 3 || !args[0].equals("run") || !args[1].equals("--out")) {
            throw new IllegalArgumentException("arguments: expected 'run --out DIR', got " + java.util.Arrays.toString(args));
        }
        Path out = Path.of(args[2]);
        LinearComparison r = Experiments.linear().progress(Progress.auto()).run();
        Path json = r.save(out.resolve("results/linear-headline.json"));
        Path png = Charts.savePng(headlineFigure(r), out.resolve("figures/linear-headline.png"));
        System.out.println(r.summary());
        System.out.println("wrote " + json + "\nwrote " + png);
    }

    /** Test-task loss against fine-tuning step: mean and min-max band per method, SR's floor dashed. */
    static XYChart headlineFigure(LinearComparison r) {
        var c = r.config();
        Figure f = Figure.titled(String.format("Fine-tuning on an unseen task (d=%d, T=%d, k=%d, n=%d, rank %d, %d trials)",
                        c.dim(), c.tasks(), c.rank(), c.testSamples(), c.fineTuneRank(), c.trials()))
                .axes("fine-tuning step", "test-task loss (" + c.metric().label() + ")").logY();
        addBand(f, "LoRA-ML", r.loraMl());
        addBand(f, "standard retraining (SR)", r.standard());
        return f.horizontal("SR floor (theory, rank " + c.fineTuneRank() + ")", r.standardFloor().mean(), 1).build();
    }

    private static void addBand(Figure f, String name, LinearMethodResult m) {
        double[] mean = m.testLossCurveMean(), min = m.testLossCurveMin(), max = m.testLossCurveMax();
        int n = (mean.length - 1) / PLOT_EVERY + 1;
        double[] x = new double[n], y = new double[n], lo = new double[n], hi = new double[n];
        for (int i = 0; i < n; i++) {
            int s = i * PLOT_EVERY;
            x[i] = s;
            y[i] = mean[s];
            lo[i] = min[s];
            hi[i] = max[s];
        }
        f.band(name, x, y, lo, hi);
    }
}
