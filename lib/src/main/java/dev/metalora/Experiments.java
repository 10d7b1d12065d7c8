package dev.metalora;

import dev.metalora.experiment.LinearExperiment;

/**
 * The one entry point for experiments. Each method returns a builder whose defaults are the
 * paper's protocol, so {@code Experiments.linear().run()} reproduces the headline result.
 */
public final class Experiments {
    private Experiments() {
    }

    /** LoRA-ML against standard retraining in the linear setting (PAPER.md, "Linear setting"). */
    public static LinearExperiment linear() {
        return new LinearExperiment();
    }
}
