package dev.metalora.experiment;

import dev.metalora.progress.Progress;

import java.util.ArrayList;
import java.util.List;

/**
 * A shallow comparison repeated for several values of one parameter, made by
 * {@code Experiments.shallow()...vary("dim", 5, 10, 20)}. Every other parameter is taken from the
 * builder it was made from (set them before {@code vary}); trials, seed and progress can be set
 * here too. Each value runs with the same seed, so a value's result equals the single comparison
 * with that value. Values run one after the other (PyTorch allows one gradient collector per JVM).
 * Varying {@code tasks} keeps the default fine-tuning rank rule (3k at T = 2) unless a rank was set.
 */
public final class ShallowSweepExperiment {
    private final ShallowExperiment base;
    private final ShallowParameter parameter;
    private final int[] values;
    private Progress progress;

    ShallowSweepExperiment(ShallowExperiment base, String parameter, Number... values) {
        this.base = base;
        this.parameter = ShallowParameter.named(parameter);
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(parameter + ": no values to vary over; give at least one");
        }
        this.values = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i].doubleValue();
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(parameter + ": " + values[i] + " is not an integer");
            }
            this.values[i] = (int) v;
        }
        configs(); // reject disallowed values now, naming the parameter and its range
    }

    /** Independent trials per value (default: the builder's). */
    public ShallowSweepExperiment trials(int n) {
        base.trials(n);
        return this;
    }

    /** Seed of everything random, the same for every value (default: the builder's). */
    public ShallowSweepExperiment seed(long s) {
        base.seed(s);
        return this;
    }

    /** Where progress goes (default: {@link Progress#auto()}). */
    public ShallowSweepExperiment progress(Progress p) {
        this.progress = p;
        return this;
    }

    public ShallowParameter parameter() {
        return parameter;
    }

    /** The configuration of each value, in order. */
    public List<ShallowConfig> configs() {
        ShallowExperiment b = base.copy();
        List<ShallowConfig> out = new ArrayList<>();
        for (int v : values) {
            parameter.apply(b, v);
            out.add(b.config());
        }
        return out;
    }

    /** Runs every value in order; progress counts the steps of all of them. */
    public ShallowSweep run() {
        List<ShallowConfig> configs = configs();
        long start = System.nanoTime();
        Progress p = progress != null ? progress : base.progressOrAuto();
        List<ShallowComparison> runs = new ArrayList<>();
        try (p) {
            p.start("shallow sweep over " + parameter.key(), configs.stream().mapToLong(ShallowExperiment::work).sum());
            for (ShallowConfig c : configs) {
                runs.add(ShallowExperiment.compute(c, p, base.engineChoice(), base.threadCount()));
            }
        }
        return new ShallowSweep(parameter, runs, (System.nanoTime() - start) / 1e9);
    }
}
