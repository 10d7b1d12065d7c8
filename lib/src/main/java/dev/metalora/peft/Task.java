package dev.metalora.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * One task's data, as the PEFT methods see it: training mini-batches of (input, target) arrays, the
 * loss to minimise on a batch, and a held-out score (higher is better: accuracy; a regression task
 * returns minus its error). Images, token sequences and a user's sine waves all fit:
 * <pre>{@code
 *   class Sine implements Task {
 *       public Shape inputShape() { return new Shape(1, 1); }
 *       public int batchesPerEpoch() { return 1; }
 *       public Batch batch(NDManager m, long seed, int epoch, int index) { ... x, y of 10 points ... }
 *       public NDArray loss(NDArray out, NDArray y) { return out.sub(y).square().mean(); }
 *       public double score(Forward model) { ... minus the mean squared error on held-out points ... }
 *   }
 * }</pre>
 * Batches must be a function of {@code (seed, epoch, index)} alone (the methods pass a seed derived
 * from the run's), so that a run is reproducible and a resumed one identical.
 */
public interface Task {

    /** An input and its target, arrays of the manager the batch was asked in. */
    record Batch(NDArray input, NDArray target) {
    }

    /** The model in evaluation mode (no dropout, the task's adapter and head selected). */
    interface Forward {
        /** A manager for the evaluation's arrays (freed when the evaluation ends); open sub-managers per batch. */
        NDManager manager();

        /** The model's output for {@code input}. */
        NDArray apply(NDArray input);
    }

    /** The shape of a batch of one input (e.g. {@code [1, C, H, W]}), used to initialise the model. */
    Shape inputShape();

    /** Training mini-batches per epoch. */
    int batchesPerEpoch();

    /**
     * Training batch {@code index} (taken modulo {@link #batchesPerEpoch()}) of epoch {@code epoch},
     * shuffled from {@code seed}, its arrays made in {@code manager}.
     */
    Batch batch(NDManager manager, long seed, int epoch, int index);

    /** The scalar loss of the model's output on a batch (mean cross-entropy, mean squared error, ...). */
    NDArray loss(NDArray output, NDArray target);

    /** The held-out score of the model; higher is better. */
    double score(Forward model);

    /** Held-out examples behind {@link #score} (pooled scores weight tasks by it); default 1. */
    default int scoreWeight() {
        return 1;
    }

    /**
     * The pooled task of standard retraining, which mixes every task's examples in one data set:
     * by default an epoch of every batch of every task in a seeded order; a task family that can
     * pool its examples themselves (the vision tasks do) implements {@link Poolable}.
     */
    static Task pool(List<? extends Task> tasks) {
        if (tasks.get(0) instanceof Poolable p) {
            return p.pool(tasks);
        }
        return new InterleavedTasks(tasks);
    }

    /** A task whose family can pool the examples of several tasks into one task. */
    interface Poolable extends Task {
        Task pool(List<? extends Task> tasks);
    }
}
