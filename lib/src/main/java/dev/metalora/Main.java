package dev.metalora;

import dev.metalora.experiment.LinearComparison;
import dev.metalora.plot.Charts;
import dev.metalora.progress.Progress;

import java.nio.file.Path;

/**
 * Command-line entry of environment/run: {@code run --out DIR} runs the headline linear comparison
 * (reference protocol, 5 trials) and writes {@code DIR/results/linear-headline.json} and
 * {@code DIR/figures/linear-headline.png} (its {@link LinearComparison#plot()}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length != 3 || !args[0].equals("run") || !args[1].equals("--out")) {
            throw new IllegalArgumentException("arguments: expected 'run --out DIR', got " + java.util.Arrays.toString(args));
        }
        Path out = Path.of(args[2]);
        LinearComparison r = Experiments.linear().progress(Progress.auto()).run();
        Path json = r.save(out.resolve("results/linear-headline.json"));
        Path png = Charts.savePng(r.plot(), out.resolve("figures/linear-headline.png"));
        System.out.println(r.summary());
        System.out.println("wrote " + json + "\nwrote " + png);
    }
}
