package dev.metalora.language;

import ai.djl.nn.Block;
import dev.metalora.nn.LoraLinear;

/**
 * Makes each linear layer of a model from its Hugging Face dotted name
 * ({@code encoder.layer.0.attention.self.query}, {@code classifier.dense}, ...), so a PEFT method
 * can decide per layer (by name pattern) whether it carries adapters. The block takes inputs
 * {@code [..., in]}, returns {@code [..., out]}, and has parameters {@code weight} [out, in] and
 * {@code bias} [out].
 */
@FunctionalInterface
public interface LinearFactory {
    Block linear(String name, long in, long out);

    /** Plain linear layers (no adapters), PyTorch's default initialisation seeded by the layer's name. */
    static LinearFactory plain(long seed) {
        return (name, in, out) -> LoraLinear.builder().in(in).out(out).seed(seed ^ name.hashCode()).build();
    }
}
