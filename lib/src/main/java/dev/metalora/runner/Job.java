package dev.metalora.runner;

import dev.metalora.progress.Progress;

import java.io.Serializable;

/**
 * One independent unit of an experiment (a sweep value, a seed, a (seed, method) pair): a library
 * function applied to a serialisable configuration, returning a serialisable result, so that any
 * {@link Runner} can ship it, to a thread of this JVM or to a cluster's executor. Implement it as a
 * named library class (never a lambda captured from a notebook cell), and keep it stateless: all
 * it needs is in the configuration.
 *
 * <p>A job that trains with DJL says so with {@link #exclusive()}: PyTorch allows one
 * {@code GradientCollector} per JVM, so at most one such job runs in a JVM at a time, whatever the
 * runner ({@link Jobs#run} enforces it; a runner with several JVMs may run one in each).
 *
 * @param <C> the configuration
 * @param <R> the result
 */
public interface Job<C extends Serializable, R extends Serializable> extends Serializable {

    /**
     * Runs the job. It may {@link Progress#start start} and {@link Progress#step step}
     * {@code progress} in its own units (training steps, say); the runner decides where that goes
     * and closes the shared display itself. Checks for interruption as any run does.
     */
    R run(C config, Progress progress);

    /**
     * Whether at most one job of this kind may run in a JVM at a time (default false). True for
     * jobs that train with DJL: PyTorch allows one {@code GradientCollector} per JVM. A
     * {@link LocalRunner} runs such jobs one after another on the calling thread, and
     * {@link Jobs#run} (which every runner calls) holds a JVM-wide lock around them.
     */
    default boolean exclusive() {
        return false;
    }
}
