package dev.metalora.peft;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * LoRA as Hugging Face PEFT configures it ({@code LoraConfig(r, lora_alpha, lora_dropout,
 * target_modules, bias)}): every targeted linear layer {@code W} becomes {@code W + (alpha/r) B A}
 * with a rank-r down-projection {@code A} (PyTorch's default initialisation) and up-projection
 * {@code B} (zeros), so a fresh adapter is the zero update.
 *
 * <p>Targets are layer-name patterns, as PEFT's {@code target_modules}: a layer made as
 * {@code linears.linear("encoder.layer.0.attention.self.query", ...)} is targeted by
 * {@code "query"} (its last name component, or any dotted suffix such as {@code "self.query"}) and
 * by a regular expression matching the whole name ({@code "encoder\\.layer\\.[0-5]\\..*query"}).
 * No targets means every linear layer (PEFT's {@code "all-linear"}).
 *
 * @param rank    r, the rank of each adapter (default 1)
 * @param alpha   the update is scaled by alpha / r (default alpha = r: scale 1)
 * @param dropout dropout on the adapter's input in training (default 0)
 * @param targets layer-name patterns; empty: every linear layer
 * @param bias    what adapted layers do with their bias (default {@link Bias#KEEP})
 */
public record LoraConfig(int rank, double alpha, double dropout, List<String> targets, Bias bias) {

    /** The bias of adapted layers. */
    public enum Bias {
        /** Adapted layers keep their bias; LoRA fine-tuning freezes it (PEFT's {@code bias="none"}). */
        KEEP,
        /** Adapted layers keep their bias and LoRA fine-tuning trains every bias (PEFT's {@code bias="all"}). */
        TRAIN,
        /**
         * Adapted layers have no bias at all, {@code y = x (W + (alpha/r) B A)^T}: the reference vision
         * code's layer. A base with biases loses them when LoRA fine-tuning rebuilds it this way.
         */
        DROP;

        /** The bias named {@code id}: "keep" (or PEFT's "none"), "train" (or "all"), "drop". */
        public static Bias of(String id) {
            String k = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
            return switch (k) {
                case "keep", "none" -> KEEP;
                case "train", "all" -> TRAIN;
                case "drop" -> DROP;
                default -> throw new IllegalArgumentException("bias: '" + id
                        + "' is not a bias handling; allowed: keep (PEFT's none), train (PEFT's all), drop");
            };
        }
    }

    public LoraConfig {
        if (rank < 1) {
            throw new IllegalArgumentException("rank: must be >= 1, got " + rank);
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha: must be finite and > 0, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout: must lie in [0, 1), got " + dropout);
        }
        targets = List.copyOf(targets == null ? List.of() : targets);
        for (String t : targets) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("targets: a pattern must be a non-empty layer name or regex, got '"
                        + t + "' in " + targets);
            }
            try {
                Pattern.compile(t);
            } catch (PatternSyntaxException e) {
                // not a regular expression: matched by name only
            }
        }
        bias = bias == null ? Bias.KEEP : bias;
    }

    /** Rank r, alpha = r (scale 1), no dropout, every linear layer, biases kept. */
    public static LoraConfig rank(int rank) {
        return new LoraConfig(rank, rank, 0, List.of(), Bias.KEEP);
    }

    /** The same with this alpha (scale alpha / r). */
    public LoraConfig alpha(double alpha) {
        return new LoraConfig(rank, alpha, dropout, targets, bias);
    }

    /** The same with this dropout on the adapter input. */
    public LoraConfig dropout(double p) {
        return new LoraConfig(rank, alpha, p, targets, bias);
    }

    /** The same targeting only the layers that match one of these patterns (none: every linear layer). */
    public LoraConfig targets(String... patterns) {
        return new LoraConfig(rank, alpha, dropout, List.of(patterns), bias);
    }

    public LoraConfig bias(Bias b) {
        return new LoraConfig(rank, alpha, dropout, targets, b);
    }

    /** The same with another rank; alpha keeps its ratio to the rank (the scale stays). */
    public LoraConfig withRank(int r) {
        return new LoraConfig(r, alpha / rank * r, dropout, targets, bias);
    }

    /** alpha / r. */
    public double scaling() {
        return alpha / rank;
    }

    /** Whether the layer named {@code name} gets an adapter. */
    public boolean isTarget(String name) {
        return targets.isEmpty() || targets.stream().anyMatch(p -> matches(p, name));
    }

    /** Whether {@code pattern} matches the dotted layer name: equal, a dotted suffix, or a regex over the whole name. */
    public static boolean matches(String pattern, String name) {
        if (name.equals(pattern) || name.endsWith("." + pattern)) {
            return true;
        }
        try {
            return Pattern.matches(pattern, name);
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "LoRA(rank " + rank + ", alpha " + alpha + (dropout > 0 ? ", dropout " + dropout : "")
                + ", targets " + (targets.isEmpty() ? "all linear layers" : targets)
                + (bias == Bias.KEEP ? "" : ", bias " + bias.name().toLowerCase(Locale.ROOT)) + ")";
    }
}
