package dev.metalora;

import dev.metalora.experiment.ShallowExperiment;

/**
 * The one entry point for experiments. Each method returns a builder whose defaults are the
 * paper's protocol.
 */
public final class Experiments {
    private Experiments() {
    }

    /** LoRA-ML against standard retraining with a shallow network (PAPER.md, "Shallow network setting"). */
    public static ShallowExperiment shallow() {
        return new ShallowExperiment();
    }
}
