package dev.metalora.experiment;

import dev.metalora.progress.Progress;

import java.util.ArrayList;
import java.util.List;

/**
 * A planned sweep of the shallow comparison over one parameter ({@link ShallowExperiment#vary}):
 * one configuration per value, run in order by {@link #run()}.
 */
public record ShallowSweep(String parameter, int[] values, List<ShallowConfig> configs, Progress progress) {

    public ShallowSweep {
        values = values.clone();
        configs = List.copyOf(configs);
    }

    @Override
    public int[] values() {
        return values.clone();
    }

    /** Runs every configuration; progress counts the steps of all of them. */
    public ShallowSweepResult run() {
        long start = System.nanoTime();
        long total = configs.stream().mapToLong(ShallowExperiment::work).sum();
        List<ShallowComparison> runs = new ArrayList<>();
        try (Progress p = progress) {
            p.start("shallow: vary " + parameter, total);
            for (ShallowConfig c : configs) {
                runs.add(ShallowExperiment.compute(c, p));
            }
        }
        return new ShallowSweepResult(parameter, values, runs, (System.nanoTime() - start) / 1e9);
    }
}
