package dev.metalora.peft;

import java.util.List;

/**
 * Last-layer PEFT: the model's output head is replaced by one head per task (last-layer-ML), or by a
 * fresh head on an unseen task (last-layer fine-tuning), everything else shared and, in fine-tuning,
 * frozen. The head is the layer a model makes with {@link Linears#head}, plus any linear layer whose
 * name matches one of {@code targets} (as PEFT's {@code modules_to_save}, e.g. {@code "classifier"}).
 *
 * @param targets extra layer-name patterns that count as the head (see {@link LoraConfig#matches})
 */
public record LastLayerConfig(List<String> targets) {

    public LastLayerConfig {
        targets = List.copyOf(targets == null ? List.of() : targets);
        for (String t : targets) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("targets: a head pattern must be a non-empty layer name, got '"
                        + t + "' in " + targets);
            }
        }
    }

    /** The layers made with {@link Linears#head} are the head. */
    public static LastLayerConfig heads() {
        return new LastLayerConfig(List.of());
    }

    /** These layers (by name pattern) are the head too. */
    public static LastLayerConfig targets(String... patterns) {
        return new LastLayerConfig(List.of(patterns));
    }

    /** Whether a layer made with {@link Linears#linear} under this name belongs to the head. */
    public boolean isHead(String name) {
        return targets.stream().anyMatch(p -> LoraConfig.matches(p, name));
    }

    @Override
    public String toString() {
        return targets.isEmpty() ? "last layer" : "last layer " + targets;
    }
}
