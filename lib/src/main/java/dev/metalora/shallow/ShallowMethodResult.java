package dev.metalora.shallow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.results.Json;
import dev.metalora.results.Stat;

/**
 * One retraining method's outcome over the trials of a shallow comparison, per trial and epoch:
 * retraining loss and {@code ||A_hat - A*||_F} ({@code [trial][retraining epoch]}), fine-tuning
 * loss and clean prediction error on the unseen task ({@code [trial][fine-tuning epoch]}).
 */
public record ShallowMethodResult(String method, float[][] trainLossCurves, float[][] baseDistanceCurves,
                                  float[][] fineTuneLossCurves, float[][] testLossCurves)
        implements dev.metalora.core.MethodResult {

    /** At most this many points per curve in JSON (evenly spaced epochs, the last included). */
    public static final int JSON_CURVE_POINTS = 500;

    public ShallowMethodResult {
        trainLossCurves = copy(trainLossCurves);
        baseDistanceCurves = copy(baseDistanceCurves);
        fineTuneLossCurves = copy(fineTuneLossCurves);
        testLossCurves = copy(testLossCurves);
    }

    @Override
    public float[][] trainLossCurves() {
        return copy(trainLossCurves);
    }

    @Override
    public float[][] baseDistanceCurves() {
        return copy(baseDistanceCurves);
    }

    @Override
    public float[][] fineTuneLossCurves() {
        return copy(fineTuneLossCurves);
    }

    @Override
    public float[][] testLossCurves() {
        return copy(testLossCurves);
    }

    /** The trials of {@code parts} (results of the same method), in order: what chunks of trials make together. */
    public static ShallowMethodResult concat(java.util.List<ShallowMethodResult> parts) {
        String method = parts.get(0).method();
        for (ShallowMethodResult p : parts) {
            if (!p.method().equals(method)) {
                throw new IllegalArgumentException("parts: methods differ, " + method + " and " + p.method());
            }
        }
        return new ShallowMethodResult(method, rows(parts, ShallowMethodResult::trainLossCurves),
                rows(parts, ShallowMethodResult::baseDistanceCurves), rows(parts, ShallowMethodResult::fineTuneLossCurves),
                rows(parts, ShallowMethodResult::testLossCurves));
    }

    private static float[][] rows(java.util.List<ShallowMethodResult> parts,
                                  java.util.function.Function<ShallowMethodResult, float[][]> which) {
        return parts.stream().flatMap(p -> java.util.Arrays.stream(which.apply(p))).toArray(float[][]::new);
    }

    /** {@code ||A_hat - A*||_F} after retraining, over trials. */
    public Stat baseDistance() {
        return last(baseDistanceCurves);
    }

    /** Clean prediction error on the unseen task after fine-tuning, over trials. */
    public Stat testLoss() {
        return last(testLossCurves);
    }

    /** Retraining loss (sum of the task MSEs) at the last epoch, over trials. */
    public Stat trainLoss() {
        return last(trainLossCurves);
    }

    /** The test loss after each fine-tuning epoch, over trials (mean, min, max per epoch). */
    public Stat[] testLossCurve() {
        return perEpoch(testLossCurves);
    }

    /** {@code ||A_hat - A*||_F} after each retraining epoch, over trials. */
    public Stat[] baseDistanceCurve() {
        return perEpoch(baseDistanceCurves);
    }

    /** A per-epoch curve thinned to at most {@value #JSON_CURVE_POINTS} + 1 points: x = epoch (1-based), mean, min, max. */
    public record Curve(double[] epochs, double[] mean, double[] min, double[] max) {
    }

    /** The test-loss curve, thinned for drawing. */
    public Curve testLossBand() {
        return band(testLossCurve());
    }

    /** The base-distance curve, thinned for drawing. */
    public Curve baseDistanceBand() {
        return band(baseDistanceCurve());
    }

    private static Curve band(Stat[] curve) {
        int[] idx = thinnedEpochs(curve.length);
        double[] x = new double[idx.length], mean = new double[idx.length], min = new double[idx.length],
                max = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            Stat s = curve[idx[i]];
            x[i] = idx[i] + 1;
            mean[i] = s.mean();
            min[i] = s.min();
            max[i] = s.max();
        }
        return new Curve(x, mean, min, max);
    }

    /**
     * {@code {"baseDistance": S, "testLoss": S, "testLossCurve": [mean], "testLossEpochs": [epoch],
     * "baseDistanceCurve": [mean], "baseDistanceEpochs": [epoch]}}; curves are thinned to at most
     * {@value #JSON_CURVE_POINTS} epochs (1-based epoch numbers alongside).
     */
    @Override
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.set("baseDistance", Json.stat(baseDistance()));
        n.set("testLoss", Json.stat(testLoss()));
        n.set("trainLoss", Json.stat(trainLoss()));
        thinned(n, "testLoss", testLossBand());
        thinned(n, "baseDistance", baseDistanceBand());
        return n;
    }

    private static void thinned(ObjectNode n, String name, Curve curve) {
        ArrayNode values = n.putArray(name + "Curve");
        ArrayNode epochs = n.putArray(name + "Epochs");
        for (int i = 0; i < curve.epochs().length; i++) {
            values.add(curve.mean()[i]);
            epochs.add((int) curve.epochs()[i]);
        }
    }

    /** Evenly spaced 0-based indices into a curve of {@code length} epochs, the last included. */
    static int[] thinnedEpochs(int length) {
        return dev.metalora.results.Thinning.indices(length, JSON_CURVE_POINTS);
    }

    private static Stat last(float[][] curves) {
        double[] v = new double[curves.length];
        for (int t = 0; t < curves.length; t++) {
            v[t] = curves[t][curves[t].length - 1];
        }
        return Stat.of(v);
    }

    private static Stat[] perEpoch(float[][] curves) {
        Stat[] s = new Stat[curves[0].length];
        double[] column = new double[curves.length];
        for (int e = 0; e < s.length; e++) {
            for (int t = 0; t < curves.length; t++) {
                column[t] = curves[t][e];
            }
            s[e] = Stat.of(column);
        }
        return s;
    }

    private static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
