package dev.metalora.custom;

import dev.metalora.core.SweepExperiment;
import dev.metalora.plot.LiveRun;

/** A custom experiment over several values of one knob, made by {@link CustomExperiment#vary}. */
public final class CustomSweepExperiment extends SweepExperiment<CustomSweepExperiment, CustomExperiment, CustomConfig,
        CustomComparison, CustomSweep> {

    CustomSweepExperiment(CustomExperiment base, String parameter, Number[] values) {
        super(base, CustomExperiment.PARAMETERS, parameter, values, CustomSweep::new);
    }

    /** Runs every value; in a notebook the curves are drawn as it goes and replaced by the sweep's figure at the end. */
    @Override
    public CustomSweep run() {
        return LiveRun.during("Your model, sweep over " + parameter().key(), CustomJob::panels, super::run,
                (live, s) -> live.finish(s.plot()));
    }
}
