package dev.metalora.linear;

import dev.metalora.progress.Progress;

/** A way to retrain the shared base {@code A} on the T training tasks: {@link LoraML} or {@link StandardRetraining}. */
public sealed interface Retraining permits LoraML, StandardRetraining {

    /** The method's name in results ("lora-ml", "lora-ml-joint", "standard"). */
    String name();

    /** Gradient evaluations per trial batch; {@link #retrain} reports them to its progress as they happen. */
    long work();

    /**
     * Retrains every trial of {@code data} at once, starting from {@code A = 0} (and, for
     * LoRA-ML, adapters with N(0, 0.1^2) entries drawn from {@code seed}).
     */
    Retrained retrain(Kernel kernel, RetrainingData data, long seed, Progress progress);
}
