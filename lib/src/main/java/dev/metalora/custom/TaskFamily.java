package dev.metalora.custom;

import ai.djl.ndarray.NDManager;

/**
 * Where the tasks of a custom experiment come from: for each trial, {@code T >= 2} retraining tasks
 * and at least one unseen task, each with its data as tensors ({@link TaskData}). One method to
 * write, in a notebook cell if you like:
 *
 * <pre>{@code
 * TaskFamily lines = (seed, m) -> {
 *     var rng = new java.util.SplittableRandom(seed);
 *     java.util.function.Supplier<TaskData> task = () -> {
 *         double slope = rng.nextDouble(-2, 2);
 *         float[][] x = new float[20][1], y = new float[20][1];
 *         for (int i = 0; i < 20; i++) { x[i][0] = (float) rng.nextDouble(-1, 1); y[i][0] = (float) (slope * x[i][0]); }
 *         return TaskData.of(m, x, y, x, y);
 *     };
 *     return new Tasks(java.util.List.of(task.get(), task.get(), task.get()), java.util.List.of(task.get()));
 * };
 * }</pre>
 *
 * The same seed must give the same tasks (trials are reproducible and comparable across methods:
 * every method of a trial sees the tasks of that trial's seed). A family that a remote runner (a
 * Spark cluster) must ship to its workers also implements {@link java.io.Serializable} and is a
 * class the workers know (a library class, not one defined in a notebook); {@link dev.metalora.runner.Runner#local()}
 * needs neither. Ready families: {@link SineWaves}.
 */
@FunctionalInterface
public interface TaskFamily {

    /**
     * The tasks of one trial, drawn from {@code seed}; their arrays belong to {@code manager}.
     *
     * @param seed    the trial's seed
     * @param manager owner of the tensors created (closed by the experiment after the trial)
     */
    Tasks sample(long seed, NDManager manager);
}
