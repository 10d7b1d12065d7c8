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
        List<P> done = runner.run(label, jobs, job(), progress);
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
        return new Plan<>(setting, label, job, (config, parallelism) -> List.of(config), (config, parts) -> parts.get(0));
    }

    /**
     * A plan whose jobs are chunks of a configuration's trials trained together ({@link TrialChunk}s,
     * one per job the runner runs at once); {@code combine} puts the chunks' results back in trial
     * order. As each trial draws from the seed and its own index, the split does not change it.
     */
    static <C extends Serializable, P extends Serializable, R> JobPlan<C, TrialChunk<C>, P, R> trials(
            String setting, Function<C, String> label, ToIntFunction<C> trials, Job<TrialChunk<C>, P> job,
            BiFunction<C, List<P>, R> combine) {
        return new Plan<>(setting, label, job,
                (config, parallelism) -> TrialChunk.split(config, trials.applyAsInt(config), parallelism), combine);
    }

    /** A plan from its parts. */
    record Plan<C, J extends Serializable, P extends Serializable, R>(String setting, Function<C, String> labels,
                                                                      Job<J, P> job,
                                                                      BiFunction<C, Integer, List<J>> splits,
                                                                      BiFunction<C, List<P>, R> combines)
            implements JobPlan<C, J, P, R> {
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
