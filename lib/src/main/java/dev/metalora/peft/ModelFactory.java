package dev.metalora.peft;

import ai.djl.nn.Block;

/**
 * Builds the model a method trains: the same architecture every time, its linear layers made with
 * the given factory (which decides where adapters and per-task heads go) and its initial weights
 * drawn from {@code seed}. The base weights should depend on the seed only, not on the factory, so
 * that methods started from one seed start from one base.
 * <pre>{@code
 *   ModelFactory mlp = (linears, seed) -> new SequentialBlock()
 *           .add(linears.linear("hidden", 1, 40, true, seed))
 *           .add(Activation::relu)
 *           .add(linears.head("out", 40, 1, true, seed + 1));
 * }</pre>
 */
@FunctionalInterface
public interface ModelFactory {
    Block build(Linears linears, long seed);
}
