package dev.metalora.core;

import dev.metalora.progress.Progress;
import dev.metalora.runner.Runner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An experiment repeated for several values of one {@link Parameter}, made by a builder's
 * {@code vary("tasks", 2, 3, 5)}. Every other parameter is taken from a copy of the builder it was
 * made from (set them before {@code vary}); trials, seed, progress and runner can be set here too.
 * Each value runs with the same seed, so a value's result equals the single run with that value.
 * The jobs of every value go to the runner in one call.
 *
 * @param <S> the setting's sweep builder (for chained calls)
 * @param <B> the setting's experiment builder
 * @param <C> its configuration
 * @param <R> its result for one value
 * @param <W> the sweep's result
 */
public abstract class SweepExperiment<S extends SweepExperiment<S, B, C, R, W>, B extends Experiment<B, C, R>,
        C extends Config, R, W> {

    /** Makes the sweep's result from the parameter, one result per value, and the seconds taken. */
    @FunctionalInterface
    public interface ResultFactory<B, C, R, W> {
        W of(Parameter<B, C> parameter, List<R> runs, double seconds);
    }

    private final B base;
    private final Parameter<B, C> parameter;
    private final double[] values;
    private final ResultFactory<B, C, R, W> result;
    private Progress progress;
    private Runner runner;

    /**
     * @param base      the builder to vary (copied)
     * @param allowed   the setting's parameters
     * @param parameter the name of the one to vary
     * @param values    its values, in order (at least one)
     * @param result    the sweep result's constructor
     */
    protected SweepExperiment(B base, Parameters<B, C> allowed, String parameter, Number[] values,
                              ResultFactory<B, C, R, W> result) {
        this.base = base.copy();
        this.parameter = allowed.named(parameter);
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(parameter + ": no values to vary over; give at least one");
        }
        this.values = Arrays.stream(values).mapToDouble(Number::doubleValue).toArray();
        this.result = result;
        this.progress = base.progressOrNull();
        this.runner = base.runner();
        configs(); // reject disallowed values now, naming the parameter and its range
    }

    /** Independent trials per value (default: the builder's). */
    public S trials(int n) {
        base.trials(n);
        return self();
    }

    /** Seed of everything random, the same for every value (default: the builder's). */
    public S seed(long s) {
        base.seed(s);
        return self();
    }

    /** Where progress goes (default: the builder's, or {@link Progress#auto()}). */
    public S progress(Progress p) {
        this.progress = p;
        return self();
    }

    /** Where the jobs of every value run (default: the builder's runner, {@link Runner#local()} unless set). */
    public S on(Runner r) {
        this.runner = Experiment.required(r);
        return self();
    }

    /** The varied parameter. */
    public Parameter<B, C> parameter() {
        return parameter;
    }

    /** The configuration of each value, in order. */
    public List<C> configs() {
        B b = base.copy();
        List<C> out = new ArrayList<>();
        for (double v : values) {
            parameter.apply(b, v);
            out.add(b.config());
        }
        return out;
    }

    /** Runs every value: their jobs side by side as far as the runner allows; progress counts them all. */
    public W run() {
        List<C> configs = configs();
        long start = System.nanoTime();
        JobPlan<C, ?, ?, R> plan = base.plan();
        List<R> runs;
        try (Progress p = progress != null ? progress : Progress.auto()) {
            runs = plan.run(configs, runner, plan.setting() + " sweep over " + parameter.key(), p);
        }
        return result.of(parameter, runs, (System.nanoTime() - start) / 1e9);
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }
}
