package dev.metalora.language;

import ai.djl.nn.Block;
import dev.metalora.peft.Linears;
import dev.metalora.peft.LoraLinear;

/**
 * Makes each linear layer of a model from its Hugging Face dotted name
 * ({@code encoder.layer.0.attention.self.query}, {@code classifier.dense}, ...), so a PEFT method
 * can decide per layer (by name pattern) whether it carries adapters: {@link #of(Linears, long)}
 * hands every layer to the PEFT layer's factory. The block takes inputs {@code [..., in]}, returns
 * {@code [..., out]}, and has parameters {@code weight} [out, in] and {@code bias} [out].
 */
@FunctionalInterface
public interface LinearFactory {
    Block linear(String name, long in, long out);

    /** The model's output layer (one head, or one per task); by default a plain linear layer. */
    default Block head(String name, long in, long out) {
        return linear(name, in, out);
    }

    /** Every layer made by the PEFT layer's factory, each layer's initial weights from {@code seed} and its name. */
    static LinearFactory of(Linears linears, long seed) {
        return new LinearFactory() {
            @Override
            public Block linear(String name, long in, long out) {
                return linears.linear(name, in, out, true, seed + name.hashCode());
            }

            @Override
            public Block head(String name, long in, long out) {
                return linears.head(name, in, out, true, seed + name.hashCode());
            }
        };
    }

    /** Plain linear layers (no adapters), PyTorch's default initialisation seeded by the layer's name. */
    static LinearFactory plain(long seed) {
        return (name, in, out) -> LoraLinear.builder().name(name).in(in).out(out).seed(seed ^ name.hashCode()).build();
    }
}
