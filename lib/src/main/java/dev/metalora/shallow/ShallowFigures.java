package dev.metalora.shallow;

import dev.metalora.core.MethodPair;

import dev.metalora.plot.Figure;
import dev.metalora.results.Stat;
import org.knowm.xchart.XYChart;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The shallow setting's figures, drawn from comparison and sweep results with {@link Figure}. */
final class ShallowFigures {
    private ShallowFigures() {
    }


    static String setting(ShallowConfig c) {
        return String.format("d=%d, T=%d, k=%d, N=%d, n=%d, %d trial%s", c.dim(), c.tasks(), c.rank(), c.samples(),
                c.testSamples(), c.trials(), c.trials() == 1 ? "" : "s");
    }

    private static final String TEST_LOSS = "unseen-task clean prediction error";

    /** Test loss against fine-tuning epoch, mean and min-max band per method. */
    static XYChart comparison(ShallowComparison c) {
        Figure f = Figure.titled("Shallow network: fine-tuning on an unseen task (" + setting(c.config()) + ")")
                .axes("fine-tuning epoch", TEST_LOSS).logY();
        addBands(f, c, "", ShallowMethodResult::testLossBand);
        return f.build();
    }

    private static void addBands(Figure f, ShallowComparison c, String suffix,
                                 Function<ShallowMethodResult, ShallowMethodResult.Curve> which) {
        for (var m : c.methods().entrySet()) {
            ShallowMethodResult.Curve k = which.apply(m.getValue());
            f.band(MethodPair.display(m.getKey()) + suffix, k.epochs(), k.mean(), k.min(), k.max());
        }
    }

    /** The test-loss figure for every value of a sweep. */
    static XYChart testLoss(ShallowSweep s) {
        Figure f = Figure.titled("Shallow network: fine-tuning on an unseen task, varying " + s.parameter().label())
                .axes("fine-tuning epoch", TEST_LOSS).logY();
        for (ShallowComparison c : s.runs()) {
            addBands(f, c, ", " + s.format(c), ShallowMethodResult::testLossBand);
        }
        return f.build();
    }

    /** {@code ||A_hat - A*||_F} against retraining epoch, band per method and value. */
    static XYChart baseDistance(ShallowSweep s) {
        Figure f = Figure.titled("Shallow network: distance of the retrained base to A*, varying " + s.parameter().label())
                .axes("retraining epoch", "||A - A*||_F");
        for (ShallowComparison c : s.runs()) {
            addBands(f, c, ", " + s.format(c), ShallowMethodResult::baseDistanceBand);
        }
        return f.build();
    }

    /** Final test loss against the varied parameter, mean with min-max bars per method. */
    static XYChart finalLoss(ShallowSweep s) {
        var p = s.parameter();
        double[] x = s.values();
        Figure f = Figure.titled("Shallow network: final test loss against " + p.label())
                .axes(p.label(), "final " + TEST_LOSS).logY();
        for (String method : List.of(ShallowComparison.LORA_ML, ShallowComparison.STANDARD)) {
            f.points(MethodPair.display(method), x, stat(s, method, Stat::mean), stat(s, method, Stat::min),
                    stat(s, method, Stat::max));
        }
        return f.build();
    }

    private static double[] stat(ShallowSweep s, String method, ToDoubleFunction<Stat> part) {
        return s.runs().stream().mapToDouble(c -> part.applyAsDouble(c.methods().get(method).testLoss())).toArray();
    }
}
