package dev.metalora.linear;

import dev.metalora.progress.Progress;
import dev.metalora.runner.Runner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A linear comparison repeated for several values of one parameter, made by
 * {@code Experiments.linear()...vary("tasks", 2, 3, 5)}. Every other parameter is taken from the
 * builder it was made from (set them before {@code vary}); trials, seed and progress can be set
 * here too. Each value runs with the same seed, so a value's result equals the single comparison
 * with that value; the trials of a value run batched, the values in parallel.
 */
public final class LinearSweepExperiment {
    private final LinearExperiment base;
    private final LinearParameter parameter;
    private final double[] values;
    private Progress progress;
    private Runner runner = Runner.local();

    LinearSweepExperiment(LinearExperiment base, String parameter, Number... values) {
        this.base = base;
        this.parameter = LinearParameter.named(parameter);
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(parameter + ": no values to vary over; give at least one");
        }
        this.values = Arrays.stream(values).mapToDouble(Number::doubleValue).toArray();
        configs(); // reject disallowed values now, naming the parameter and its range
    }

    /** Independent trials per value (default: the builder's, 5). */
    public LinearSweepExperiment trials(int n) {
        base.trials(n);
        return this;
    }

    /** Seed of everything random, the same for every value (default: the builder's, 1). */
    public LinearSweepExperiment seed(long s) {
        base.seed(s);
        return this;
    }

    /** Where progress goes (default: {@link Progress#auto()}: a bar for runs longer than about a second). */
    public LinearSweepExperiment progress(Progress p) {
        this.progress = p;
        return this;
    }

    /** Where the values run (default: {@link Runner#local()}, a thread per core of this machine). */
    public LinearSweepExperiment on(Runner runner) {
        if (runner == null) {
            throw new IllegalArgumentException("runner: must be set, got null; use Runner.local() for this machine");
        }
        this.runner = runner;
        return this;
    }

    /** The configuration of each value, in order. */
    public List<LinearConfig> configs() {
        double original = parameter.of(base.config());
        List<LinearConfig> out = new ArrayList<>();
        try {
            for (double v : values) {
                parameter.apply(base, v);
                out.add(base.config());
            }
        } finally {
            parameter.apply(base, original);
        }
        return out;
    }

    /** Runs every value (values in parallel, the trials of each batched). */
    public LinearSweep run() {
        List<LinearConfig> configs = configs();
        long start = System.nanoTime();
        Progress shared = progress != null ? progress : Progress.auto();
        List<LinearComparison> runs;
        try (shared) {
            runs = runner.run("linear sweep over " + parameter.key(), configs, new LinearJob(), shared);
        }
        return new LinearSweep(parameter, List.copyOf(runs), (System.nanoTime() - start) / 1e9);
    }
}
