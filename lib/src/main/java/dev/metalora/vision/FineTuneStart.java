package dev.metalora.vision;

import java.util.Arrays;
import java.util.Locale;

/** Where fine-tuning's adapter or head starts. */
public enum FineTuneStart {
    /** A fresh adapter (up-projection zero) or a fresh head: the paper's text. */
    FRESH("fresh"),
    /**
     * Task 0's trained adapter (both factors, every layer) when a LoRA-ML base is LoRA fine-tuned,
     * head 0 when a last-layer-ML base is last-layer fine-tuned, fresh otherwise: what the reference
     * code does (its LoRA-ML model class subclasses its Mixer and loads task 0's adapter).
     */
    TASK_0("task-0");

    private final String id;

    FineTuneStart(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The start named {@code id}: "fresh" or "task-0". */
    public static FineTuneStart of(String id) {
        String key = id == null ? "" : id.trim().toLowerCase(Locale.ROOT).replace("_", "-");
        for (FineTuneStart s : values()) {
            if (s.id.equals(key) || s.id.replace("-", "").equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("fineTuneStart: '" + id + "' is not a fine-tuning start; allowed: "
                + Arrays.stream(values()).map(FineTuneStart::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
