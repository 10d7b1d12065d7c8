package dev.metalora.linear;

import dev.metalora.core.MethodPair;

import dev.metalora.plot.Figure;
import dev.metalora.plot.PowerLawFit;
import dev.metalora.results.Stat;
import dev.metalora.theory.FineTuningRate;
import org.knowm.xchart.XYChart;

import java.util.List;
import java.util.function.Function;

/** The linear setting's figures, drawn from comparison and sweep results with {@link Figure}. */
final class LinearFigures {
    private LinearFigures() {
    }

    /** Values spanning at least this ratio are drawn on a log x axis (N in {100, 1000, 10000}, say). */
    private static final double SPANS_DECADES = 20;

    /** Below this fraction of SR's loss before fine-tuning, the theory floor counts as zero (not drawn on log axes). */
    private static final double NEGLIGIBLE_FLOOR = 1e-9;


    /** At most about this many points of a per-step curve are drawn (smooth curves; 10001 points add nothing). */
    private static final int MAX_POINTS = 1000;

    /** Every k-th entry of a per-step curve and its last (the step number is the index). */
    private static int[] drawnSteps(int n) {
        return dev.metalora.results.Thinning.indices(n, MAX_POINTS);
    }

    private static double[] pick(double[] curve, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = curve[idx[i]];
        }
        return out;
    }

    /** A per-step curve (mean, min, max over trials) as a band, drawn at most {@link #MAX_POINTS} points. */
    private static void stepBand(Figure f, String name, double[] mean, double[] min, double[] max) {
        int[] idx = drawnSteps(mean.length);
        double[] x = java.util.Arrays.stream(idx).asDoubleStream().toArray();
        f.band(name, x, pick(mean, idx), pick(min, idx), pick(max, idx));
    }

    private static String setting(LinearConfig c) {
        return String.format("d=%d, T=%d, k=%d, N=%d, n=%d, %d trials", c.dim(), c.tasks(), c.rank(), c.samples(),
                c.testSamples(), c.trials());
    }

    private static String testLossTitle(LinearConfig c) {
        return "unseen-task test loss (" + c.metric().label() + ")";
    }

    /** SR's theory floor, or 0 where it is negligible (the floor vanishes when r >= rank of Delta, e.g. T = 2). */
    private static double floor(LinearComparison c) {
        double f = c.standardFloor().mean();
        return f > NEGLIGIBLE_FLOOR * c.standard().testLossCurveMean()[0] ? f : 0;
    }

    /** The reference figure of one comparison: test loss against fine-tuning step, band per method, SR floor dashed. */
    static XYChart comparison(LinearComparison c) {
        Figure f = Figure.titled("LoRA-ML vs SR, fine-tuning on an unseen task (" + setting(c.config()) + ")")
                .axes("fine-tuning step", testLossTitle(c.config())).logY();
        addTestLoss(f, c, "");
        return f.build();
    }

    private static void addTestLoss(Figure f, LinearComparison c, String suffix) {
        int srColour = -1;
        for (var m : c.methods().entrySet()) {
            LinearMethodResult r = m.getValue();
            if (m.getKey().equals(LinearComparison.STANDARD)) {
                srColour = f.dataSeries();
            }
            stepBand(f, MethodPair.display(m.getKey()) + suffix, r.testLossCurveMean(), r.testLossCurveMin(), r.testLossCurveMax());
        }
        double floor = floor(c);
        if (floor > 0) {
            f.horizontal("SR floor (theory)" + suffix, floor, srColour);
        }
    }

    /** The reference figure for every value of a sweep. */
    static XYChart testLoss(LinearSweep s) {
        LinearConfig c0 = s.run(0).config();
        Figure f = Figure.titled("Fine-tuning on an unseen task, varying " + s.parameter().label())
                .axes("fine-tuning step", testLossTitle(c0)).logY();
        for (LinearComparison c : s.runs()) {
            addTestLoss(f, c, ", " + s.format(c));
        }
        return f.build();
    }

    /** Base error {@code ||A_hat - A*||_F^2} against outer step, band per method and value. */
    static XYChart baseError(LinearSweep s) {
        Figure f = Figure.titled("Retraining: distance of the base to A*, varying " + s.parameter().label())
                .axes("outer step", "base error ||A - A*||_F^2").logY();
        for (LinearComparison c : s.runs()) {
            String suffix = ", " + s.format(c);
            for (var m : c.methods().entrySet()) {
                LinearMethodResult r = m.getValue();
                stepBand(f, MethodPair.display(m.getKey()) + suffix, r.baseErrorCurveMean(), r.baseErrorCurveMin(),
                        r.baseErrorCurveMax());
            }
        }
        return f.build();
    }

    /**
     * Final test loss against the varied parameter (mean, min-max band) with SR's theory floor dashed;
     * for {@code testSamples}, log-log with LoRA-ML's fitted slope and the {@code s^2 r (2d - r) / n} rate.
     */
    static XYChart finalLoss(LinearSweep s) {
        var p = s.parameter();
        LinearConfig c0 = s.run(0).config();
        double[] x = s.values();
        Figure f = Figure.titled("Final test loss against " + p.label())
                .axes(p.label(), "final " + testLossTitle(c0)).logY();
        boolean rate = p.key().equals("testSamples");
        double lo = java.util.Arrays.stream(x).min().orElseThrow(), hi = java.util.Arrays.stream(x).max().orElseThrow();
        if (rate || (lo > 0 && hi / lo >= SPANS_DECADES)) {
            f.logX();
        }
        for (String method : List.of(LinearComparison.LORA_ML, LinearComparison.STANDARD)) {
            double[] mean = stat(s, c -> c.methods().get(method).testLoss(), Stat::mean);
            if (rate && method.equals(LinearComparison.LORA_ML) && x.length >= 2) {
                f.powerLaw(MethodPair.display(method), x, mean);
            } else {
                f.points(MethodPair.display(method), x, mean, stat(s, c -> c.methods().get(method).testLoss(), Stat::min),
                        stat(s, c -> c.methods().get(method).testLoss(), Stat::max));
            }
        }
        f.dashed("SR floor (theory)", x, s.runs().stream().mapToDouble(LinearFigures::floor).toArray());
        if (rate && c0.metric() == LinearMetric.EXCESS_RISK) {
            double[] theory = s.runs().stream().mapToDouble(c -> FineTuningRate.excessRisk(c.config().dim(),
                    c.config().fineTuneRank(), c.config().testSamples(), c.config().noise())).toArray();
            f.dotted("rate s^2 r(2d-r)/n (theory)", x, theory);
            // Where the rate meets the base's own error the curve flattens: retraining does not depend on n.
            f.horizontal("LoRA-ML base error ||A-A*||^2", s.run(0).loraMl().baseError().mean(), 0);
        }
        return f.build();
    }

    private static double[] stat(LinearSweep s, Function<LinearComparison, Stat> which, Function<Stat, Double> part) {
        return s.runs().stream().mapToDouble(c -> part.apply(which.apply(c))).toArray();
    }

    /** LoRA-ML's fitted log-log slope of final test loss against the varied parameter. */
    static PowerLawFit loraMlSlope(LinearSweep s) {
        return PowerLawFit.fit(s.values(), stat(s, c -> c.loraMl().testLoss(), Stat::mean));
    }
}
