package dev.metalora.linear;

import dev.metalora.progress.Progress;

import java.util.SplittableRandom;

/**
 * LoRA-ML: minimise {@code (1/T) sum_t L_t(A + U_t V_t^T)} over the base A and one rank-k adapter
 * per task ({@code V_t = U_t} when symmetric, the paper's main case).
 * <p>Alternating (the reference protocol): each outer step takes {@code innerSteps} gradient steps
 * on every adapter with its own task's loss {@code L_t} (lr {@code innerLr}), then one step on A
 * with the gradient of the mean loss (lr {@code outerLr}). Joint: each step moves A and the
 * adapters together from the same gradient evaluation.
 * <p>With {@code R_t = Theta_t Sigma_t - C_t}: {@code grad_A = mean_t R_t}, {@code grad_U_t = R_t V_t},
 * {@code grad_V_t = R_t^T U_t} (symmetric: {@code (R_t + R_t^T) U_t}). While A is fixed,
 * {@code A Sigma_t - C_t} is computed once, so an inner step costs {@code O(d^2 k)} per task.
 */
public record LoraML(int rank, int outerSteps, int innerSteps, double innerLr, double outerLr,
                     boolean symmetric, boolean joint) implements Retraining {
    public static final int DEFAULT_OUTER_STEPS = 3000;
    public static final int DEFAULT_INNER_STEPS = 10;
    public static final double DEFAULT_INNER_LR = 0.003;
    public static final double DEFAULT_OUTER_LR = 0.03;
    /** Standard deviation of the initial adapter entries. */
    public static final double INIT_STD = 0.1;

    public LoraML {
        Validate.atLeast("rank", rank, 1);
        Validate.atLeast("outerSteps", outerSteps, 0);
        Validate.atLeast("innerSteps", innerSteps, joint ? 0 : 1);
        Validate.positive("innerLr", innerLr);
        Validate.positive("outerLr", outerLr);
    }

    /** The reference protocol with adapters of rank {@code rank}: symmetric, alternating. */
    public static LoraML reference(int rank) {
        return new LoraML(rank, DEFAULT_OUTER_STEPS, DEFAULT_INNER_STEPS, DEFAULT_INNER_LR, DEFAULT_OUTER_LR, true, false);
    }

    @Override
    public String name() {
        return joint ? "lora-ml-joint" : "lora-ml";
    }

    @Override
    public long work() {
        return (long) outerSteps * stepsPerOuterStep();
    }

    private int stepsPerOuterStep() {
        return joint ? 1 : innerSteps + 1;
    }

    @Override
    public Retrained retrain(Kernel kernel, RetrainingData data, long seed, Progress progress) {
        int batch = data.stats().size(), size = data.dim() * rank;
        double[] u0 = new double[batch * size], v0 = new double[batch * size];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(Matrices.gaussian(new SplittableRandom(Seeds.derive(seed, 11, i)), data.dim(), rank, INIT_STD),
                    0, u0, i * size, size);
            System.arraycopy(Matrices.gaussian(new SplittableRandom(Seeds.derive(seed, 12, i)), data.dim(), rank, INIT_STD),
                    0, v0, i * size, size);
        }
        return retrain(kernel, data, u0, symmetric ? u0 : v0, progress);
    }

    /** Retrains from the given initial adapters (flat, trial-major then task, each d x k row-major). */
    public Retrained retrain(Kernel kernel, RetrainingData data, double[] u0, double[] v0, Progress progress) {
        return new Run(kernel, data, u0, v0).go(progress);
    }

    /** The state and preallocated work space of one retraining run. */
    private final class Run {
        final Kernel K;
        final int tasks;
        final Stack sigma, c, a, u, v, bias, sym, r, w, m, p, gu, gv, g;
        final BaseTracker tracker;

        Run(Kernel kernel, RetrainingData data, double[] u0, double[] v0) {
            K = kernel;
            tasks = data.tasks();
            int b = data.stats().size(), d = data.dim(), k = rank;
            Validate.range("rank", rank, 1, d);
            Stack[] s = data.stacks(kernel);
            sigma = s[0];
            c = s[1];
            a = K.zeros(b, d, d);
            u = K.of(u0, b, d, k);
            v = symmetric ? u : K.of(v0, b, d, k);
            bias = K.zeros(b, d, d);
            sym = symmetric ? K.zeros(b, d, d) : null;
            r = K.zeros(b, d, d);
            w = K.zeros(b, k, d);
            m = K.zeros(b, k, k);
            p = K.zeros(b, k, k);
            gu = K.zeros(b, d, k);
            gv = symmetric ? null : K.zeros(b, d, k);
            g = K.zeros(b, d, d);
            tracker = new BaseTracker(K, s[2], tasks, outerSteps, name(),
                    "innerLr " + innerLr + ", outerLr " + outerLr);
        }

        Retrained go(Progress progress) {
            tracker.record(a, 0);
            for (int step = 1; step <= outerSteps; step++) {
                Progress.checkInterrupted(name());
                fixBase();
                if (joint) {
                    adapterGradients();
                    residual();
                    K.groupMean(r, tasks, g);
                    stepAdapters();
                    K.axpy(-outerLr, g, a);
                } else {
                    for (int i = 0; i < innerSteps; i++) {
                        adapterGradients();
                        stepAdapters();
                    }
                    K.mm(v, true, sigma, false, 1, 0, w);
                    residual();
                    K.groupMean(r, tasks, g);                    // grad_A (1/T) sum_t L_t
                    K.axpy(-outerLr, g, a);
                }
                tracker.record(a, step);
                progress.step(stepsPerOuterStep());
            }
            return tracker.result(a, K.toArray(u), K.toArray(v));
        }

        /** B_t = A Sigma_t - C_t (and B_t + B_t^T), fixed while A is: R_t = B_t + U_t W_t. */
        void fixBase() {
            K.copy(c, bias);
            K.mm(a, false, sigma, false, 1, -1, bias);
            if (symmetric) {
                K.addTransposed(bias, sym);
            }
        }

        /** R_t = B_t + U_t W_t with W_t = V_t^T Sigma_t already computed. */
        void residual() {
            K.copy(bias, r);
            K.mm(u, false, w, false, 1, 1, r);
        }

        /**
         * With W = V^T Sigma, expanded so that no d x d product is formed:
         * grad_U = R V = B V + U (W V), grad_V = R^T U = B^T U + W^T (U^T U);
         * symmetric: (R + R^T) U = (B + B^T) U + U (W U) + W^T (U^T U).
         */
        void adapterGradients() {
            K.mm(v, true, sigma, false, 1, 0, w);
            K.mm(u, true, u, false, 1, 0, p);                    // U^T U
            if (symmetric) {
                K.mm(sym, false, u, false, 1, 0, gu);
                K.mm(w, false, u, false, 1, 0, m);
                K.mm(u, false, m, false, 1, 1, gu);
                K.mm(w, true, p, false, 1, 1, gu);
            } else {
                K.mm(bias, false, v, false, 1, 0, gu);
                K.mm(w, false, v, false, 1, 0, m);
                K.mm(u, false, m, false, 1, 1, gu);
                K.mm(bias, true, u, false, 1, 0, gv);
                K.mm(w, true, p, false, 1, 1, gv);
            }
        }

        void stepAdapters() {
            K.axpy(-innerLr, gu, u);
            if (!symmetric) {
                K.axpy(-innerLr, gv, v);
            }
        }
    }
}
