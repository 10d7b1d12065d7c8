package dev.metalora.peft;

import dev.metalora.nn.NnRuntime;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDResource;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import dev.metalora.progress.Progress;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The one training loop of the neural methods: each step evaluates an objective (for the ML
 * methods the sum of the task losses, so the task gradients add up), back-propagates, and takes
 * one optimiser step on every trainable parameter (its gradient's global norm clipped first where the
 * {@link OptimizerSpec} says so; a schedule "over the run" spans this loop's steps). Full-batch or mini-batch is up to the
 * objective, which receives the step number (a round of one batch per task, say).
 *
 * <p>Resources: each step runs in its own sub-manager to which the parameters and the given data
 * arrays are temporarily attached, so every intermediate array (forward, gradients, metrics
 * computed by the listener) is freed when the step ends and memory stays flat over any number of
 * steps. Pass every array the objective and the listener read as {@code data}.
 *
 * <p>Each step checks the thread's interrupt flag ({@link Progress#checkInterrupted}) and stops with
 * {@link dev.metalora.progress.InterruptedRunException}, leaving the model at its last complete
 * step; a non-finite loss or one above {@value #DIVERGENCE_LIMIT} stops it with an
 * {@link IllegalStateException}. It advances {@code progress} by one per step but neither starts
 * nor closes it (an experiment spans many loops). PyTorch allows one gradient collector at a time
 * per JVM: run one loop at a time.
 *
 * @param optimizer which optimiser, built afresh for each run
 * @param steps     number of optimiser steps (epochs for full-batch training)
 * @param method    the method's name, used in error messages
 * @param progress  advanced by one per step
 */
public record TrainingLoop(OptimizerSpec optimizer, int steps, String method, Progress progress) {

    /** A loss above this counts as divergence. */
    public static final double DIVERGENCE_LIMIT = 1e12;

    static {
        NnRuntime.init();
    }

    /**
     * The loss to minimise at one step, a scalar built from the model's forward passes. Arrays made
     * for this step only (a mini-batch) belong in the step's scope, the manager that owns the
     * parameters during the step: {@link MultiTaskModel#currentManager()}.
     */
    @FunctionalInterface
    public interface Objective {
        NDArray loss(ParameterStore parameters, int step);
    }

    /** Called after each step's update, inside the step's scope (arrays it creates are freed). */
    @FunctionalInterface
    public interface StepListener {
        void afterStep(int step, float loss);

        static StepListener none() {
            return (step, loss) -> {
            };
        }
    }

    public TrainingLoop {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer: must be set, got null");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps: must be >= 0, got " + steps);
        }
        method = method == null ? "training" : method;
        progress = progress == null ? Progress.none() : progress;
    }

    public static TrainingLoop of(OptimizerSpec optimizer, int steps) {
        return new TrainingLoop(optimizer, steps, "training", Progress.none());
    }

    public TrainingLoop method(String method) {
        return new TrainingLoop(optimizer, steps, method, progress);
    }

    public TrainingLoop withSteps(int steps) {
        return new TrainingLoop(optimizer, steps, method, progress);
    }

    public TrainingLoop progress(Progress progress) {
        return new TrainingLoop(optimizer, steps, method, progress);
    }

    /**
     * Trains the model's trainable parameters (those not frozen).
     *
     * @param model     the model; its current task selection is what the objective sees unless it selects
     * @param data      every array the objective and listener read (attached to each step's scope)
     * @param objective the loss of step s
     * @param listener  records per-step quantities
     * @return the loss of every step
     */
    public float[] run(MultiTaskModel model, NDList data, Objective objective, StepListener listener) {
        List<Parameter> trainable = model.trainable();
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException("model: has no trainable parameter (everything is frozen)");
        }
        NDManager root = trainable.get(0).getArray().getManager();
        NDResource[] pinned = pinned(model, data);
        ParameterStore ps = new ParameterStore(root, false);
        Optimizer opt = optimizer.forRun(steps).build();
        float[] losses = new float[steps];
        for (int s = 0; s < steps; s++) {
            Progress.checkInterrupted(method);
            try (NDManager scope = root.newSubManager()) {
                scope.tempAttachAll(pinned);
                float value;
                try (GradientCollector collector = NnRuntime.engine().newGradientCollector()) {
                    NDArray loss = objective.loss(ps, s);
                    collector.backward(loss);
                    value = loss.getFloat();
                }
                if (!Float.isFinite(value) || value > DIVERGENCE_LIMIT) {
                    throw new IllegalStateException(method + " diverged at step " + s + " (loss " + value
                            + "); try a learning rate smaller than " + optimizer.lr());
                }
                List<NDArray> gradients = new ArrayList<>(trainable.size());
                for (Parameter p : trainable) {
                    gradients.add(p.getArray().getGradient());
                }
                if (optimizer.clipNorm() > 0) {
                    clip(gradients, optimizer.clipNorm());
                }
                for (int i = 0; i < trainable.size(); i++) {
                    Parameter p = trainable.get(i);
                    opt.update(p.getId(), p.getArray(), gradients.get(i));
                }
                losses[s] = value;
                listener.afterStep(s, value);
            }
            progress.step(1);
        }
        return losses;
    }

    /** Scales the gradients in place so that their global L2 norm is at most {@code maxNorm}. */
    static void clip(List<NDArray> gradients, double maxNorm) {
        double squares = 0;
        for (NDArray g : gradients) {
            squares += g.square().sum().getFloat();
        }
        double norm = Math.sqrt(squares);
        if (norm > maxNorm) {
            float factor = (float) (maxNorm / (norm + 1e-6));
            for (NDArray g : gradients) {
                g.muli(factor);
            }
        }
    }

    private static NDResource[] pinned(MultiTaskModel model, NDList data) {
        Set<NDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<NDResource> out = new ArrayList<>();
        for (Parameter p : model.parameters().values()) {
            if (seen.add(p.getArray())) {
                out.add(p.getArray());
            }
        }
        for (NDArray a : data) {
            if (seen.add(a)) {
                out.add(a);
            }
        }
        return out.toArray(NDResource[]::new);
    }
}
