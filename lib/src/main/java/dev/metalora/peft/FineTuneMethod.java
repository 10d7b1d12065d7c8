package dev.metalora.peft;

import java.util.Arrays;
import java.util.Locale;

/** How the retrained model is adapted to the unseen task. */
public enum FineTuneMethod {
    /**
     * LoRA: a fresh rank-r adapter in every linear layer, everything else frozen. From a model with
     * one head per task the head is a fresh (frozen) one, as in the reference code.
     */
    LORA("lora"),
    /** Last layer: a fresh output head, the retrained body frozen. */
    LAST_LAYER("last-layer");

    private final String id;

    FineTuneMethod(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The method named {@code id} ("lora", "last-layer"). */
    public static FineTuneMethod of(String id) {
        String key = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (FineTuneMethod m : values()) {
            if (m.id.equals(key) || m.name().equalsIgnoreCase(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("fineTune: '" + id + "' is not a fine-tuning method; allowed: "
                + Arrays.stream(values()).map(FineTuneMethod::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
