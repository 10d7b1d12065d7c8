package dev.metalora.linear;

import dev.metalora.progress.Progress;

/**
 * Standard retraining (SR): gradient descent on {@code (1/T) sum_t L_t(A)} over the pooled data,
 * from {@code A = 0}. Its gradient is {@code mean_t (A Sigma_t - C_t)}.
 */
public record StandardRetraining(int steps, double lr) implements Retraining {
    public static final int DEFAULT_STEPS = 3000;
    public static final double DEFAULT_LR = 0.03;

    public StandardRetraining {
        Validate.atLeast("outerSteps", steps, 0);
        Validate.positive("outerLr", lr);
    }

    /** The reference protocol: 3000 steps, lr 0.03. */
    public static StandardRetraining reference() {
        return new StandardRetraining(DEFAULT_STEPS, DEFAULT_LR);
    }

    @Override
    public long work() {
        return steps;
    }

    @Override
    public String name() {
        return "standard";
    }

    @Override
    public Retrained retrain(Kernel kernel, RetrainingData data, long seed, Progress progress) {
        int tasks = data.tasks(), batch = data.stats().size(), d = data.dim();
        Stack[] s = data.stacks(kernel);
        Stack sigma = s[0], c = s[1];
        Stack a = kernel.zeros(batch, d, d), r = kernel.zeros(batch, d, d), g = kernel.zeros(batch, d, d);
        BaseTracker tracker = new BaseTracker(kernel, s[2], tasks, steps, name(), "outerLr " + lr);
        tracker.record(a, 0);
        for (int step = 1; step <= steps; step++) {
            Progress.checkInterrupted(name());
            kernel.copy(c, r);
            kernel.mm(a, false, sigma, false, 1, -1, r);   // R_t = A Sigma_t - C_t
            kernel.groupMean(r, tasks, g);                  // grad (1/T) sum_t L_t(A)
            kernel.axpy(-lr, g, a);
            tracker.record(a, step);
            progress.step(1);
        }
        return tracker.result(a, new double[0], new double[0]);
    }
}
