package dev.metalora.linear;

import dev.metalora.progress.Progress;

import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Fine-tuning with LoRA: freeze the base {@code A_hat}, minimise
 * {@code 1/(2n) ||(A_hat + U V^T) X - Y||_F^2} over rank-r factors U, V (d x r) by gradient
 * descent: {@code grad_U = R V}, {@code grad_V = R^T U}, {@code R = (A_hat + U V^T) Sigma - C}.
 * Each step costs {@code O(d^2 r)}: {@code A_hat Sigma - C} is fixed, and both curves are
 * expanded so that no d x d x d product is needed per step.
 */
public record LoraFineTuning(int rank, int steps, double lr) {
    public static final int DEFAULT_STEPS = 10000;
    public static final double DEFAULT_LR = 0.005;
    /** Standard deviation of the initial factor entries. */
    public static final double INIT_STD = 0.1;

    public LoraFineTuning {
        Validate.atLeast("fineTuneRank", rank, 1);
        Validate.atLeast("fineTuneSteps", steps, 0);
        Validate.positive("fineTuneLr", lr);
    }

    /** Seeded initial factors: U and V of one problem, d x r, entries N(0, 0.1^2). */
    public static double[][] initialFactors(int dim, int rank, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] u = Matrices.gaussian(rng, dim, rank, INIT_STD);
        double[] v = Matrices.gaussian(rng, dim, rank, INIT_STD);
        return new double[][] {u, v};
    }

    /**
     * Fine-tunes every problem of {@code data} at once from the given factors (flat, problem after
     * problem, each d x r row-major). {@code label} names problem i in a divergence message.
     */
    public FineTuned fineTune(Kernel K, FineTuningData data, double[] u0, double[] v0, IntFunction<String> label,
                              Progress progress) {
        int b = data.size(), d = data.dim(), r = rank;
        Validate.range("fineTuneRank", rank, 1, d);
        int dd = d * d;
        double[] baseAll = new double[b * dd], targetAll = new double[b * dd], sigmaAll = new double[b * dd],
                cAll = new double[b * dd], n = new double[b];
        for (int i = 0; i < b; i++) {
            System.arraycopy(data.bases().get(i), 0, baseAll, i * dd, dd);
            System.arraycopy(data.targets().get(i), 0, targetAll, i * dd, dd);
            System.arraycopy(data.stats().get(i).sigma(), 0, sigmaAll, i * dd, dd);
            System.arraycopy(data.stats().get(i).c(), 0, cAll, i * dd, dd);
            n[i] = data.stats().get(i).samples();
        }
        Stack base = K.of(baseAll, b, d, d), sigma = K.of(sigmaAll, b, d, d);
        Stack bias = K.of(cAll, b, d, d);
        K.mm(base, false, sigma, false, 1, -1, bias);          // A_hat Sigma - C
        Stack d0 = K.of(targetAll, b, d, d);
        K.axpy(-1, base, d0);                                   // D0 = Theta* - A_hat
        Stack d0s = K.zeros(b, d, d);
        K.mm(d0, false, sigma, false, 1, 0, d0s);               // D0 Sigma
        double[] c0 = new double[b], c1 = new double[b];
        K.dots(d0, d0, c0);                                     // ||D0||^2
        K.dots(d0s, d0, c1);                                    // tr(D0 Sigma D0^T)

        Stack u = K.of(u0, b, d, r), v = K.of(v0, b, d, r);
        Stack w = K.zeros(b, r, d), res = K.zeros(b, d, d), gu = K.zeros(b, d, r), gv = K.zeros(b, d, r);
        Stack p = K.zeros(b, d, r), q = K.zeros(b, d, r), uu = K.zeros(b, r, r), vv = K.zeros(b, r, r),
                vsv = K.zeros(b, r, r);
        double[] x1 = new double[b], x2 = new double[b], x3 = new double[b], x4 = new double[b];
        double[][] excess = new double[b][steps + 1], clean = new double[b][steps + 1];

        for (int step = 0; step <= steps; step++) {
            if (step > 0) {
                Progress.checkInterrupted("fine-tuning");
                K.copy(bias, res);
                K.mm(u, false, w, false, 1, 1, res);            // R = (A_hat + U V^T) Sigma - C
                K.mm(res, false, v, false, 1, 0, gu);           // grad_U = R V
                K.mm(res, true, u, false, 1, 0, gv);            // grad_V = R^T U
                K.axpy(-lr, gu, u);
                K.axpy(-lr, gv, v);
            }
            K.mm(v, true, sigma, false, 1, 0, w);               // W = V^T Sigma (also next step's)
            // E = D0 - U V^T:  ||E||^2 = ||D0||^2 - 2<U, D0 V> + <U^T U, V^T V>,
            // tr(E Sigma E^T) = tr(D0 Sigma D0^T) - 2<U, D0 Sigma V> + <U^T U, V^T Sigma V>.
            K.mm(d0, false, v, false, 1, 0, p);
            K.mm(d0s, false, v, false, 1, 0, q);
            K.mm(u, true, u, false, 1, 0, uu);
            K.mm(v, true, v, false, 1, 0, vv);
            K.mm(w, false, v, false, 1, 0, vsv);
            K.dots(u, p, x1);
            K.dots(u, q, x2);
            K.dots(uu, vv, x3);
            K.dots(uu, vsv, x4);
            for (int i = 0; i < b; i++) {
                excess[i][step] = c0[i] - 2 * x1[i] + x3[i];
                clean[i][step] = n[i] * (c1[i] - 2 * x2[i] + x4[i]);
                DivergedException.check(excess[i][step], "fine-tuning from " + label.apply(i), "step", step,
                        "||Theta_hat - Theta*||^2", "fineTuneLr " + lr);
            }
            if (step > 0) {
                progress.step(1);
            }
        }
        return new FineTuned(excess, clean, K.toArray(u), K.toArray(v));
    }
}
