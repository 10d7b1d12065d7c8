package dev.metalora.core;

import dev.metalora.progress.Progress;
import dev.metalora.runner.Job;
import dev.metalora.runner.Runner;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * How a setting runs one configuration on a {@link Runner}: the configuration is split into the
 * configurations of independent jobs (one job, chunks of trials, seeds x methods), a named library
 * {@link Job} runs each, and the parts are put back together into the setting's result. A plan
 * stays on the caller's side; only the jobs' configurations, the job and the parts travel.
 *
 * @param <C> the setting's configuration
 * @param <J> a job's configuration
 * @param <P> a job's result
 * @param <R> the setting's result for one configuration
 */
public interface JobPlan<C, J extends Serializable, P extends Serializable, R> {

    /** The setting's name in progress labels ({@code "linear"}). */
    String setting();

    /** What the progress display shows while one configuration runs. */
    String label(C config);

    /** The job every part runs. */
    Job<J, P> job();

    /** The jobs' configurations, in order, for a runner that runs {@code parallelism} of them at once. */
    List<J> split(C config, int parallelism);

    /** The steps a job's progress counts, where known before it runs; 0 (the default) where not. */
    default long steps(J job) {
        return 0;
    }

    /** The result from the parts, in the order of {@link #split}. */
    R combine(C config, List<P> parts);

    /**
     * Runs every configuration's jobs in one call of {@code runner} (so the values of a sweep run
     * side by side as much as the runner allows); {@code progress} is left open.
     */
    default List<R> run(List<C> configs, Runner runner, String label, Progress progress) {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("configs: nothing to run; give at least one configuration");
        }
        int parallelism = runner.parallelism(job());
        List<J> jobs = new ArrayList<>();
        int[] sizes = new int[configs.size()];
        for (int i = 0; i < configs.size(); i++) {
            List<J> parts = split(configs.get(i), parallelism);
            sizes[i] = parts.size();
            jobs.addAll(parts);
        }
        long steps = 0;
        for (J j : jobs) {
            long n = steps(j);
            steps = n > 0 && steps >= 0 ? steps + n : -1;
        }
        List<P> done = steps > 0 ? runner.run(label, jobs, job(), progress, steps) : runner.run(label, jobs, job(), progress);
        List<R> out = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < configs.size(); i++) {
            out.add(combine(configs.get(i), done.subList(at, at + sizes[i])));
            at += sizes[i];
        }
        return out;
    }

    /** A plan of one job per configuration, whose result is the setting's result. */
    static <C extends Serializable, R extends Serializable> JobPlan<C, C, R, R> whole(String setting,
                                                                                    Function<C, String> label,
                                                                                    Job<C, R> job) {
        return new Plan<>(setting, label, job, (config, parallelism) -> List.of(config), (config, parts) -> parts.get(0),
                config -> 0);
    }

    /**
     * A plan whose jobs are chunks of a configuration's trials trained together ({@link TrialChunk}s,
     * one per job the runner runs at once); {@code combine} puts the chunks' results back in trial
     * order. As each trial draws from the seed and its own index, the split does not change it.
     */
    static <C extends Serializable, P extends Serializable, R> JobPlan<C, TrialChunk<C>, P, R> trials(
            String setting, Function<C, String> label, ToIntFunction<C> trials, Job<TrialChunk<C>, P> job,
            BiFunction<C, List<P>, R> combine) {
        return trials(setting, label, trials, job, combine, null);
    }

    /**
     * {@link #trials(String, Function, ToIntFunction, Job, BiFunction)} whose jobs count
     * {@code steps} of their configuration in their progress (all trials of a chunk train at once,
     * so a chunk's steps are its configuration's, whatever its size).
     */
    static <C extends Serializable, P extends Serializable, R> JobPlan<C, TrialChunk<C>, P, R> trials(
            String setting, Function<C, String> label, ToIntFunction<C> trials, Job<TrialChunk<C>, P> job,
            BiFunction<C, List<P>, R> combine, java.util.function.ToLongFunction<C> steps) {
        return new Plan<>(setting, label, job,
                (config, parallelism) -> TrialChunk.split(config, trials.applyAsInt(config), parallelism), combine,
                steps == null ? chunk -> 0 : chunk -> steps.applyAsLong(chunk.config()));
    }

    /**
     * A plan of one job per (seed, method) of a multi-seed run ({@link SeedMethod#grid}, seed-major),
     * however many run at once; {@code combine} gets the cells' results in that order. The plumbing
     * for the vision setting's seeds x methods: its job retrains one cell and fine-tunes it (a DJL
     * job, so {@link Job#exclusive() exclusive}).
     */
    static <C extends Serializable, M extends Serializable, P extends Serializable, R>
    JobPlan<C, SeedMethod<C, M>, P, R> seedsAndMethods(String setting, Function<C, String> label,
                                                       Function<C, List<Long>> seeds, Function<C, List<M>> methods,
                                                       Job<SeedMethod<C, M>, P> job, BiFunction<C, List<P>, R> combine) {
        return new Plan<>(setting, label, job,
                (config, parallelism) -> SeedMethod.grid(config, seeds.apply(config), methods.apply(config)), combine,
                cell -> 0);
    }

    /** A plan from its parts. */
    record Plan<C, J extends Serializable, P extends Serializable, R>(String setting, Function<C, String> labels,
                                                                      Job<J, P> job,
                                                                      BiFunction<C, Integer, List<J>> splits,
                                                                      BiFunction<C, List<P>, R> combines,
                                                                      java.util.function.ToLongFunction<J> work)
            implements JobPlan<C, J, P, R> {
        @Override
        public long steps(J job) {
            return work.applyAsLong(job);
        }

        @Override
        public String label(C config) {
            return labels.apply(config);
        }

        @Override
        public List<J> split(C config, int parallelism) {
            return splits.apply(config, parallelism);
        }

        @Override
        public R combine(C config, List<P> parts) {
            return combines.apply(config, parts);
        }
    }
}
