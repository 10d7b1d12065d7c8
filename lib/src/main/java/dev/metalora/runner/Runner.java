package dev.metalora.runner;

import dev.metalora.progress.Progress;

import java.io.Serializable;
import java.util.List;

/**
 * Where the independent jobs of an experiment run: the values of a sweep, the seeds and methods of
 * a neural run, the trials of a custom experiment all go through one runner. {@link #local()}
 * (the default everywhere) runs them on a pool of this JVM's threads; the optional module
 * {@code metalora-spark} runs them on Apache Spark.
 *
 * <p>Contract of every implementation: results come back in the order of {@code configs}; the
 * first failing job's exception reaches the caller with its original type and message (the
 * others are cancelled); an interrupt of the calling thread cancels every job and ends the call
 * with {@link dev.metalora.progress.InterruptedRunException}; {@code progress} is started,
 * stepped and left open (its owner, the caller, closes it); each job runs through {@link Jobs#run}, so
 * that {@link Job#exclusive() exclusive} (DJL) jobs never overlap in one JVM.
 */
public interface Runner {

    /**
     * Runs {@code job} on every configuration.
     *
     * @param label    what the progress display shows
     * @param configs  one configuration per job (not empty)
     * @param job      the library function each configuration is given to
     * @param progress the caller's progress (left open)
     * @return one result per configuration, in input order
     */
    <C extends Serializable, R extends Serializable> List<R> run(String label, List<C> configs, Job<C, R> job,
                                                                 Progress progress);

    /** How many jobs run at once at most: lets a job choose its own threads so cores are not oversubscribed. */
    int parallelism();

    /**
     * How many jobs of this kind run at once at most: {@link #parallelism()}, or 1 for an
     * {@link Job#exclusive() exclusive} job in a runner whose jobs share one JVM. An experiment
     * splits its trials into this many jobs (more would only run one after another).
     */
    default int parallelism(Job<?, ?> job) {
        return job.exclusive() ? 1 : parallelism();
    }

    /** A pool of {@code Runtime.availableProcessors()} threads in this JVM. */
    static Runner local() {
        return new LocalRunner(Runtime.getRuntime().availableProcessors());
    }

    /** A pool of {@code threads} threads in this JVM (1: one job after another on the calling thread). */
    static Runner local(int threads) {
        return new LocalRunner(threads);
    }
}
