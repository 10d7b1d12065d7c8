package dev.metalora.vision;

import ai.djl.nn.Block;

/**
 * Makes every linear layer of a {@link MlpMixer}, so one Mixer definition serves plain retraining
 * (plain linear layers) and PEFT-based meta-learning (linear layers carrying one LoRA adapter per
 * task). The block maps the last axis of its input from {@code inputs} to {@code outputs} features.
 */
@FunctionalInterface
public interface LinearFactory {

    /**
     * @param inputs  input features (last axis)
     * @param outputs output features
     * @param seed    seed of this layer's initial weights
     */
    Block linear(long inputs, long outputs, long seed);
}
