package dev.metalora.core;

import dev.metalora.progress.Progress;
import dev.metalora.runner.Job;
import dev.metalora.runner.Runner;

import java.io.Serializable;
import java.util.List;

/**
 * A runner of this JVM (one job after another, on the calling thread) that says it runs
 * {@code parallelism} jobs at once, so that an experiment splits its trials that many ways: what a
 * cluster runner would make an experiment do. Counts the jobs it was given.
 */
public final class SplittingRunner implements Runner {
    private final int parallelism;
    private int jobs;

    public SplittingRunner(int parallelism) {
        this.parallelism = parallelism;
    }

    @Override
    public <C extends Serializable, R extends Serializable> List<R> run(String label, List<C> configs, Job<C, R> job,
                                                                        Progress progress) {
        jobs += configs.size();
        // Shipped as a cluster would: every configuration and the job through Java serialisation.
        List<C> shipped = configs.stream().map(Serialization::roundTrip).toList();
        return Runner.local(1).run(label, shipped, Serialization.roundTrip(job), progress).stream()
                .map(Serialization::roundTrip).toList();
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public int parallelism(Job<?, ?> job) {
        return parallelism;
    }

    /** How many jobs it has run. */
    public int jobs() {
        return jobs;
    }
}
