package dev.metalora.peft;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * Which of DJL's optimisers, with which constants. A value, so that every training run can build
 * its own fresh optimiser (DJL's optimisers keep per-parameter state).
 *
 * @param kind        Adam (L2 weight decay folded into the gradient) or AdamW (decoupled decay)
 * @param lr          learning rate
 * @param weightDecay weight decay (AdamW's default 0.01 matches PyTorch's {@code torch.optim.AdamW})
 * @param beta1       first-moment decay
 * @param beta2       second-moment decay
 * @param epsilon     denominator guard
 * @param cosineSteps 0 for a constant learning rate; otherwise the number of updates over which a
 *                    cosine schedule takes the rate from {@code lr} down to 0 (as PyTorch's
 *                    {@code CosineAnnealingLR} with {@code T_max} = that many steps)
 */
public record OptimizerSpec(Kind kind, double lr, double weightDecay, double beta1, double beta2, double epsilon,
                            int cosineSteps) {

    public enum Kind { ADAM, ADAMW }

    /** PyTorch's AdamW default weight decay. */
    public static final double ADAMW_WEIGHT_DECAY = 0.01;

    public OptimizerSpec {
        if (kind == null) {
            throw new IllegalArgumentException("kind: must be ADAM or ADAMW, got null");
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr: must be finite and > 0, got " + lr);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay: must be finite and >= 0, got " + weightDecay);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta1/beta2: must lie in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon: must be > 0, got " + epsilon);
        }
        if (cosineSteps < 0) {
            throw new IllegalArgumentException("cosineSteps: must be >= 0 (0 = constant rate), got " + cosineSteps);
        }
    }

    /** A constant learning rate. */
    public OptimizerSpec(Kind kind, double lr, double weightDecay, double beta1, double beta2, double epsilon) {
        this(kind, lr, weightDecay, beta1, beta2, epsilon, 0);
    }

    /** AdamW with PyTorch's defaults (weight decay 0.01, betas 0.9 / 0.999, epsilon 1e-8). */
    public static OptimizerSpec adamW(double lr) {
        return new OptimizerSpec(Kind.ADAMW, lr, ADAMW_WEIGHT_DECAY, 0.9, 0.999, 1e-8);
    }

    /** Adam with PyTorch's defaults (no weight decay, betas 0.9 / 0.999, epsilon 1e-8). */
    public static OptimizerSpec adam(double lr) {
        return new OptimizerSpec(Kind.ADAM, lr, 0, 0.9, 0.999, 1e-8);
    }

    public OptimizerSpec withLr(double lr) {
        return new OptimizerSpec(kind, lr, weightDecay, beta1, beta2, epsilon, cosineSteps);
    }

    public OptimizerSpec withWeightDecay(double weightDecay) {
        return new OptimizerSpec(kind, lr, weightDecay, beta1, beta2, epsilon, cosineSteps);
    }

    /** The same optimiser with a cosine schedule from {@code lr} to 0 over {@code steps} updates. */
    public OptimizerSpec withCosine(int steps) {
        return new OptimizerSpec(kind, lr, weightDecay, beta1, beta2, epsilon, steps);
    }

    /** The learning rate DJL's tracker gives at update {@code step} (counted from 0). */
    public double lrAt(int step) {
        return tracker().getNewValue(step);
    }

    private Tracker tracker() {
        return cosineSteps == 0
                ? Tracker.fixed((float) lr)
                : Tracker.cosine().setBaseValue((float) lr).optFinalValue(0f).setMaxUpdates(cosineSteps).build();
    }

    /** A fresh DJL optimiser. */
    public Optimizer build() {
        Tracker rate = tracker();
        return switch (kind) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(rate).optWeightDecays((float) weightDecay)
                    .optBeta1((float) beta1).optBeta2((float) beta2).optEpsilon((float) epsilon).build();
            case ADAMW -> Optimizer.adamW().optLearningRateTracker(rate).optWeightDecays((float) weightDecay)
                    .optBeta1((float) beta1).optBeta2((float) beta2).optEpsilon((float) epsilon).build();
        };
    }

    @Override
    public String toString() {
        return (kind == Kind.ADAM ? "Adam" : "AdamW") + "(lr " + lr + (weightDecay > 0 ? ", weight decay " + weightDecay : "")
                + (cosineSteps > 0 ? ", cosine over " + cosineSteps + " steps" : "") + ")";
    }
}
