package dev.metalora.peft;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How the foundation model is retrained on the T retraining tasks before fine-tuning. */
public enum RetrainMethod {
    /** Standard retraining (SR): one model, mini-batches from the pooled tasks, one step per batch. */
    STANDARD("standard"),
    /**
     * LoRA-ML: the shared weights jointly with one rank-r LoRA adapter per task in every linear
     * layer, minimising {@code sum_t L_t(W + B_t A_t)}; one optimiser step per round of one batch
     * from each task (the task gradients summed).
     */
    LORA_ML("lora-ml"),
    /** Last-layer meta-learning: a shared body with one output head per task; rounds as LoRA-ML. */
    LAST_LAYER_ML("last-layer-ml"),
    /**
     * Reptile (Nichol et al. 2018): for each task, a copy takes inner SGD steps; the shared weights
     * then move towards it, the difference {@code theta - theta_t} serving as the outer gradient.
     */
    REPTILE("reptile");

    private final String id;

    RetrainMethod(String id) {
        this.id = id;
    }

    /** The name used in JSON and tables. */
    public String id() {
        return id;
    }

    /** The method named {@code id} ("standard", "lora-ml", "last-layer-ml", "reptile"). */
    public static RetrainMethod of(String id) {
        String key = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (RetrainMethod m : values()) {
            if (m.id.equals(key) || m.name().equalsIgnoreCase(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("method: '" + id + "' is not a retraining method; allowed: "
                + Arrays.stream(values()).map(RetrainMethod::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }

    /**
     * Writes a run's grid into {@code json}: {@code "methods"} and {@code "fineTunes"} by their ids,
     * {@code "seeds"}, as every multi-seed setting's configuration records them.
     */
    public static void putGrid(ObjectNode json, List<RetrainMethod> methods, List<FineTuneMethod> fineTunes,
                               List<Long> seeds) {
        var m = json.putArray("methods");
        methods.forEach(x -> m.add(x.id()));
        var f = json.putArray("fineTunes");
        fineTunes.forEach(x -> f.add(x.id()));
        var s = json.putArray("seeds");
        seeds.forEach(s::add);
    }
}
