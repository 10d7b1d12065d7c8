package dev.metalora.linear;

import dev.metalora.core.SweepExperiment;

/**
 * A linear comparison repeated for several values of one parameter (one of
 * {@link LinearExperiment#PARAMETERS}), made by {@code Experiments.linear()...vary("tasks", 2, 3, 5)}:
 * see {@link SweepExperiment}. The trials of a value run batched in one job, the values side by side.
 */
public final class LinearSweepExperiment
        extends SweepExperiment<LinearSweepExperiment, LinearExperiment, LinearConfig, LinearComparison, LinearSweep> {

    LinearSweepExperiment(LinearExperiment base, String parameter, Number... values) {
        super(base, LinearExperiment.PARAMETERS, parameter, values, LinearSweep::new);
    }
}
