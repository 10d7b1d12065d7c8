package dev.metalora.linear;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.linear.Curves;
import dev.metalora.results.Json;
import dev.metalora.results.Stat;

/**
 * One retraining method's outcome over the trials of a linear comparison: per trial the base
 * error after each outer step ({@code baseErrorCurves[trial][step]}, step 0 = initial base) and
 * the fine-tuned test-task losses after each fine-tuning step (entry 0 = before fine-tuning), both
 * metrics kept; {@code metric} says which one is the "test loss".
 */
public record LinearMethodResult(String method, LinearMetric metric, double[][] baseErrorCurves,
                                 double[][] excessRiskCurves, double[][] cleanErrorCurves)
        implements dev.metalora.core.MethodResult {

    public LinearMethodResult {
        baseErrorCurves = Curves.copy(baseErrorCurves);
        excessRiskCurves = Curves.copy(excessRiskCurves);
        cleanErrorCurves = Curves.copy(cleanErrorCurves);
    }

    @Override
    public double[][] baseErrorCurves() {
        return Curves.copy(baseErrorCurves);
    }

    @Override
    public double[][] excessRiskCurves() {
        return Curves.copy(excessRiskCurves);
    }

    @Override
    public double[][] cleanErrorCurves() {
        return Curves.copy(cleanErrorCurves);
    }

    /** The chosen metric's curves, one row per trial. */
    public double[][] testLossCurves() {
        return metric == LinearMetric.EXCESS_RISK ? excessRiskCurves() : cleanErrorCurves();
    }

    private double[][] testRows() {
        return metric == LinearMetric.EXCESS_RISK ? excessRiskCurves : cleanErrorCurves;
    }

    /** {@code ||A_hat - A*||_F^2} at the end of retraining, over trials. */
    public Stat baseError() {
        return Stat.of(Curves.last(baseErrorCurves));
    }

    /** The chosen metric after the last fine-tuning step, over trials. */
    public Stat testLoss() {
        return Stat.of(Curves.last(testRows()));
    }

    /** Final population excess risk over trials (whatever the metric). */
    public Stat excessRisk() {
        return Stat.of(Curves.last(excessRiskCurves));
    }

    /** Final in-sample clean prediction error over trials (whatever the metric). */
    public Stat cleanError() {
        return Stat.of(Curves.last(cleanErrorCurves));
    }

    public double[] testLossCurveMean() {
        return Curves.mean(testRows());
    }

    public double[] testLossCurveMin() {
        return Curves.min(testRows());
    }

    public double[] testLossCurveMax() {
        return Curves.max(testRows());
    }

    public double[] baseErrorCurveMean() {
        return Curves.mean(baseErrorCurves);
    }

    public double[] baseErrorCurveMin() {
        return Curves.min(baseErrorCurves);
    }

    public double[] baseErrorCurveMax() {
        return Curves.max(baseErrorCurves);
    }

    /** {@code {"baseError": S, "testLoss": S, "testLossCurve": [mean per step]}}. */
    @Override
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.set("baseError", Json.stat(baseError()));
        n.set("testLoss", Json.stat(testLoss()));
        var curve = n.putArray("testLossCurve");
        for (double v : testLossCurveMean()) {
            curve.add(v);
        }
        return n;
    }
}
