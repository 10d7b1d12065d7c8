package dev.metalora.peft;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * Which of DJL's optimisers, with which constants, schedule and clipping. A value, so that every
 * training run can build its own fresh optimiser (DJL's optimisers keep per-parameter state).
 *
 * @param kind          Adam (L2 weight decay folded into the gradient), AdamW (decoupled decay) or plain SGD
 * @param lr            learning rate (the peak rate under a schedule)
 * @param weightDecay   weight decay (AdamW's default 0.01 matches PyTorch's {@code torch.optim.AdamW})
 * @param beta1         first-moment decay
 * @param beta2         second-moment decay
 * @param epsilon       denominator guard
 * @param schedule      how the rate changes with the update count
 * @param scheduleSteps updates the schedule spans; 0 under a schedule means "the whole run", filled in
 *                      by {@link #forRun} (the retraining and fine-tuning methods call it)
 * @param warmup        {@link Schedule#LINEAR_WARMUP}: the warm-up as a fraction of {@code scheduleSteps}
 * @param decayEnd      {@link Schedule#LINEAR_WARMUP}: where the linear decay would reach 0, as a
 *                      multiple of {@code scheduleSteps} (1: at the end of the run; the paper's language
 *                      protocol uses 6.67)
 * @param clipNorm      0 for no clipping; otherwise the largest global L2 norm of the gradient (over
 *                      every trainable parameter, as PyTorch's {@code clip_grad_norm_}) before each update
 */
public record OptimizerSpec(Kind kind, double lr, double weightDecay, double beta1, double beta2, double epsilon,
                            Schedule schedule, int scheduleSteps, double warmup, double decayEnd, double clipNorm) {

    public enum Kind { ADAM, ADAMW, SGD }

    /**
     * Learning-rate schedules: constant; cosine from {@code lr} to 0 (PyTorch's {@code CosineAnnealingLR}
     * with {@code T_max} = the steps); linear warm-up from 0 to {@code lr}, then linear decay towards 0
     * (Hugging Face's {@code get_linear_schedule_with_warmup}).
     */
    public enum Schedule { CONSTANT, COSINE, LINEAR_WARMUP }

    /** PyTorch's AdamW default weight decay. */
    public static final double ADAMW_WEIGHT_DECAY = 0.01;

    public OptimizerSpec {
        if (kind == null) {
            throw new IllegalArgumentException("kind: must be ADAM, ADAMW or SGD, got null");
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
        schedule = schedule == null ? Schedule.CONSTANT : schedule;
        if (scheduleSteps < 0) {
            throw new IllegalArgumentException("scheduleSteps: must be >= 0 (0 = the whole run), got " + scheduleSteps);
        }
        if (!(warmup >= 0 && warmup < 1)) {
            throw new IllegalArgumentException("warmup: a fraction of the schedule's steps in [0, 1), got " + warmup);
        }
        if (!(decayEnd >= 1) || Double.isInfinite(decayEnd)) {
            throw new IllegalArgumentException("decayEnd: a finite multiple >= 1 of the schedule's steps, got " + decayEnd);
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm: must be finite and >= 0 (0 = no clipping), got " + clipNorm);
        }
    }

    /** A constant learning rate, no clipping. */
    public OptimizerSpec(Kind kind, double lr, double weightDecay, double beta1, double beta2, double epsilon) {
        this(kind, lr, weightDecay, beta1, beta2, epsilon, Schedule.CONSTANT, 0, 0, 1, 0);
    }

    /** A cosine schedule over {@code cosineSteps} updates (0: constant), no clipping. */
    public OptimizerSpec(Kind kind, double lr, double weightDecay, double beta1, double beta2, double epsilon,
                         int cosineSteps) {
        this(kind, lr, weightDecay, beta1, beta2, epsilon, cosineSteps == 0 ? Schedule.CONSTANT : Schedule.COSINE,
                cosineSteps, 0, 1, 0);
    }

    /** AdamW with PyTorch's defaults (weight decay 0.01, betas 0.9 / 0.999, epsilon 1e-8). */
    public static OptimizerSpec adamW(double lr) {
        return new OptimizerSpec(Kind.ADAMW, lr, ADAMW_WEIGHT_DECAY, 0.9, 0.999, 1e-8);
    }

    /** Adam with PyTorch's defaults (no weight decay, betas 0.9 / 0.999, epsilon 1e-8). */
    public static OptimizerSpec adam(double lr) {
        return new OptimizerSpec(Kind.ADAM, lr, 0, 0.9, 0.999, 1e-8);
    }

    /** Plain SGD (Reptile's inner steps): {@code w <- w - lr g}. */
    public static OptimizerSpec sgd(double lr) {
        return new OptimizerSpec(Kind.SGD, lr, 0, 0.9, 0.999, 1e-8);
    }

    public OptimizerSpec withLr(double lr) {
        return new OptimizerSpec(kind, lr, weightDecay, beta1, beta2, epsilon, schedule, scheduleSteps, warmup, decayEnd,
                clipNorm);
    }

    public OptimizerSpec withWeightDecay(double weightDecay) {
        return new OptimizerSpec(kind, lr, weightDecay, beta1, beta2, epsilon, schedule, scheduleSteps, warmup, decayEnd,
                clipNorm);
    }

    /** The same optimiser with a cosine schedule from {@code lr} to 0 over {@code steps} updates. */
    public OptimizerSpec withCosine(int steps) {
        return new OptimizerSpec(kind, lr, weightDecay, beta1, beta2, epsilon, Schedule.COSINE, steps, 0, 1, clipNorm);
    }

    /** A cosine schedule from {@code lr} to 0 over the whole run (the paper's vision protocol). */
    public OptimizerSpec withCosine() {
        return withCosine(0);
    }

    /**
     * Linear warm-up over {@code warmup} of the run's updates, then linear decay that would reach 0
     * after {@code decayEnd} times the run's updates (1: at its end).
     */
    public OptimizerSpec withLinearWarmup(double warmup, double decayEnd) {
        return new OptimizerSpec(kind, lr, weightDecay, beta1, beta2, epsilon, Schedule.LINEAR_WARMUP, 0, warmup,
                decayEnd, clipNorm);
    }

    /** A constant rate. */
    public OptimizerSpec withConstantRate() {
        return new OptimizerSpec(kind, lr, weightDecay, beta1, beta2, epsilon, Schedule.CONSTANT, 0, 0, 1, clipNorm);
    }

    /** Clips the gradient's global L2 norm to {@code maxNorm} before each update (0: no clipping). */
    public OptimizerSpec withGradientClipping(double maxNorm) {
        return new OptimizerSpec(kind, lr, weightDecay, beta1, beta2, epsilon, schedule, scheduleSteps, warmup, decayEnd,
                maxNorm);
    }

    /** The spec with "the whole run" made concrete: a schedule without steps spans {@code runSteps} updates. */
    public OptimizerSpec forRun(int runSteps) {
        if (schedule == Schedule.CONSTANT || scheduleSteps > 0) {
            return this;
        }
        return new OptimizerSpec(kind, lr, weightDecay, beta1, beta2, epsilon, schedule, Math.max(1, runSteps), warmup,
                decayEnd, clipNorm);
    }

    /** The cosine schedule's length (0 when the schedule is not cosine). */
    public int cosineSteps() {
        return schedule == Schedule.COSINE ? scheduleSteps : 0;
    }

    /** The learning rate DJL's tracker gives at update {@code step} (counted from 0). */
    public double lrAt(int step) {
        return tracker().getNewValue(step);
    }

    private Tracker tracker() {
        return switch (schedule) {
            case CONSTANT -> Tracker.fixed((float) lr);
            case COSINE -> scheduleSteps == 0 ? Tracker.fixed((float) lr)
                    : Tracker.cosine().setBaseValue((float) lr).optFinalValue(0f).setMaxUpdates(scheduleSteps).build();
            case LINEAR_WARMUP -> linearWarmup();
        };
    }

    /** lr * u / w during the warm-up of w updates, then lr * (E - u) / (E - w) with E = decayEnd * steps, floored at 0. */
    private Tracker linearWarmup() {
        int steps = Math.max(1, scheduleSteps);
        double w = Math.floor(warmup * steps);
        double end = decayEnd * steps;
        return update -> {
            double u = update;
            double f = u < w ? u / w : Math.max(0, (end - u) / Math.max(1e-12, end - w));
            return (float) (lr * f);
        };
    }

    /** A fresh DJL optimiser. */
    public Optimizer build() {
        Tracker rate = tracker();
        return switch (kind) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(rate).optWeightDecays((float) weightDecay)
                    .optBeta1((float) beta1).optBeta2((float) beta2).optEpsilon((float) epsilon).build();
            case ADAMW -> Optimizer.adamW().optLearningRateTracker(rate).optWeightDecays((float) weightDecay)
                    .optBeta1((float) beta1).optBeta2((float) beta2).optEpsilon((float) epsilon).build();
            case SGD -> Optimizer.sgd().setLearningRateTracker(rate).optWeightDecays((float) weightDecay).build();
        };
    }

    @Override
    public String toString() {
        String name = switch (kind) {
            case ADAM -> "Adam";
            case ADAMW -> "AdamW";
            case SGD -> "SGD";
        };
        String over = scheduleSteps > 0 ? " over " + scheduleSteps + " steps" : " over the run";
        return name + "(lr " + lr + (weightDecay > 0 ? ", weight decay " + weightDecay : "")
                + switch (schedule) {
                    case CONSTANT -> "";
                    case COSINE -> ", cosine" + over;
                    case LINEAR_WARMUP -> ", linear warm-up " + warmup + " then decay to 0 at " + decayEnd + "x" + over;
                }
                + (clipNorm > 0 ? ", gradient norm clipped at " + clipNorm : "") + ")";
    }
}
