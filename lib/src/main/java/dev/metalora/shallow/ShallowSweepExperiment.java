package dev.metalora.shallow;

import dev.metalora.core.SweepExperiment;

/**
 * A shallow comparison repeated for several values of one parameter (one of
 * {@link ShallowExperiment#PARAMETERS}), made by {@code Experiments.shallow()...vary("dim", 5, 10, 20)}:
 * see {@link SweepExperiment}. On this machine the values run one after the other (DJL allows one
 * gradient collector per JVM). Varying {@code tasks} keeps the default fine-tuning rank rule (3k at
 * T = 2) unless a rank was set.
 */
public final class ShallowSweepExperiment extends SweepExperiment<ShallowSweepExperiment, ShallowExperiment,
        ShallowConfig, ShallowComparison, ShallowSweep> {

    ShallowSweepExperiment(ShallowExperiment base, String parameter, Number... values) {
        super(base, ShallowExperiment.PARAMETERS, parameter, values, ShallowSweep::new);
    }

    /**
     * Runs every value. In a notebook the first trial's curves of each value are drawn while it
     * trains and removed when it ends; the cell then shows the result as usual.
     */
    @Override
    public ShallowSweep run() {
        return ShallowLive.during("Shallow network, sweep over " + parameter().key(), super::run);
    }
}
