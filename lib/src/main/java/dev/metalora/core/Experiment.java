package dev.metalora.core;

import dev.metalora.progress.Progress;
import dev.metalora.runner.Runner;

import java.util.List;

/**
 * What every setting's experiment builder shares: where progress goes, which {@link Runner} runs
 * its jobs, and {@link #run()} through the setting's {@link JobPlan}. A setting's builder adds its
 * knobs (whose defaults are the paper's protocol), its configuration and its plan; its sweeps are
 * {@link SweepExperiment}s over its {@link Parameters}.
 *
 * @param <B> the builder itself (for chained calls)
 * @param <C> its configuration
 * @param <R> its result
 */
public abstract class Experiment<B extends Experiment<B, C, R>, C extends Config, R> implements Cloneable {
    private Progress progress;
    private Runner runner = Runner.local();

    protected Experiment() {
    }

    /** The configuration this builder would run, validated: a bad value fails here, naming it. */
    public abstract C config();

    /** How one configuration runs as jobs. */
    protected abstract JobPlan<C, ?, ?, R> plan();

    /** Independent trials (fresh tasks, data and initial weights each). */
    public abstract B trials(int n);

    /** Seed of everything random. */
    public abstract B seed(long s);

    /** Where progress goes (default: {@link Progress#auto()}: a bar for runs longer than about a second). */
    public B progress(Progress p) {
        this.progress = p;
        return self();
    }

    /**
     * Where the jobs run (default: {@link Runner#local()}, this machine's cores): the same results
     * on any runner, as every job draws its randomness from the seed and its trial's index.
     */
    public B on(Runner r) {
        this.runner = Experiment.required(r);
        return self();
    }

    static Runner required(Runner r) {
        if (r == null) {
            throw new IllegalArgumentException("runner: must be set, got null; use Runner.local() for this machine");
        }
        return r;
    }

    /** The runner set by {@link #on}. */
    public Runner runner() {
        return runner;
    }

    /** The progress set by {@link #progress}, or null. */
    protected Progress progressOrNull() {
        return progress;
    }

    /** Runs the experiment. */
    public R run() {
        C c = config();
        JobPlan<C, ?, ?, R> plan = plan();
        try (Progress p = progress != null ? progress : Progress.auto()) {
            return plan.run(List.of(c), runner, plan.label(c), p).get(0);
        }
    }

    /** An independent copy of this builder (its knobs are values, so a field-by-field copy). */
    @SuppressWarnings("unchecked")
    public B copy() {
        try {
            return (B) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    protected final B self() {
        return (B) this;
    }
}
