package dev.metalora.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

import java.util.SplittableRandom;

/**
 * Entries uniform on {@code [-bound, bound]} drawn from an explicit seed, independent of the
 * engine's global generator. With {@code bound = 1/sqrt(fanIn)} this is PyTorch's default
 * initialisation of {@code nn.Linear} (Kaiming-uniform with {@code a = sqrt(5)}), which LoRA also
 * uses for its down-projection; {@code bound = 0} gives zeros (LoRA's up-projection).
 */
public record SeededUniform(double bound, long seed) implements Initializer {

    public SeededUniform {
        if (!(bound >= 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("bound: must be finite and >= 0, got " + bound);
        }
    }

    /** PyTorch's default for a linear layer with {@code fanIn} inputs. */
    public static SeededUniform pytorchDefault(long fanIn, long seed) {
        return new SeededUniform(1.0 / Math.sqrt(fanIn), seed);
    }

    public static SeededUniform zeros() {
        return new SeededUniform(0, 0);
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        if (bound == 0) {
            return manager.zeros(shape, dataType);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}
