package dev.metalora.shallow;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import dev.metalora.peft.Linears;
import dev.metalora.peft.LoraConfig;
import dev.metalora.peft.LoraLinear;
import dev.metalora.peft.ModelFactory;
import dev.metalora.peft.MultiTaskModel;

import java.util.SplittableRandom;

/**
 * The shallow network of the paper: {@code x -> c^T sigmoid((A + (alpha/r) B_t A_t) x)}, a d x d
 * linear layer without bias carrying one LoRA adapter per task, a sigmoid, and a d-to-1 linear
 * layer without bias. With zero tasks it is the model of standard retraining. Initial weights are
 * PyTorch's defaults drawn from the seed; the base weights depend on the seed only (not on the
 * number of tasks or the rank), so methods started from the same seed start from the same base.
 * The layers come from the PEFT layer's {@link Linears} factory: {@code hidden} (the target of the
 * adapters) and {@code output}.
 */
public final class ShallowNet {
    private ShallowNet() {
    }

    /** The network as a {@link ModelFactory}: the factory decides whether {@code hidden} carries adapters. */
    public static ModelFactory factory(int dim) {
        return (linears, seed) -> {
            SplittableRandom seeds = new SplittableRandom(seed);
            long hiddenSeed = seeds.nextLong();
            long outputSeed = seeds.nextLong();
            return new SequentialBlock()
                    .add(linears.linear("hidden", dim, dim, false, hiddenSeed))
                    .add(Activation::sigmoid)
                    .add(linears.linear("output", dim, 1, false, outputSeed));
        };
    }

    /** LoRA on the hidden layer only, alpha = r. */
    public static LoraConfig lora(int rank) {
        return LoraConfig.rank(rank).targets("hidden");
    }

    /** The (uninitialised) block: {@code tasks} rank-r adapters on the hidden layer (0: none). */
    public static SequentialBlock block(int dim, int tasks, int rank, long seed) {
        Linears linears = tasks > 0 ? Linears.lora(lora(rank), tasks) : Linears.plain();
        SequentialBlock b = (SequentialBlock) factory(dim).build(linears, seed);
        linears.checkTargets();
        return b;
    }

    /**
     * The initial values of {@link #block}'s parameters, computed without an engine: the hidden
     * weight A (d x d, row-major), the output weights c (d) and the down-projections (T x r x d);
     * the up-projections are zero.
     */
    public record Initial(float[] weight, float[] output, float[] down) {
    }

    /** {@link #block}'s initial values for the seed. */
    public static Initial initial(int dim, int tasks, int rank, long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        var hidden = LoraLinear.Init.of(dim, seeds.nextLong());
        var output = LoraLinear.Init.of(dim, seeds.nextLong());
        return new Initial(hidden.weight().values(dim * dim), output.weight().values(dim),
                hidden.down().values(tasks * rank * dim));
    }

    /** The block, initialised in {@code manager} and wrapped. */
    public static MultiTaskModel create(int dim, int tasks, int rank, long seed, NDManager manager) {
        return MultiTaskModel.create(block(dim, tasks, rank, seed), manager, new Shape(1, dim));
    }

    /** The hidden layer, whose base weight is the estimate {@code A_hat} of {@code A*}. */
    public static LoraLinear hidden(MultiTaskModel model) {
        return model.loraLayers().get(0);
    }
}
