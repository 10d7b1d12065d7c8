package dev.metalora.peft;

import dev.metalora.nn.WithManager;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

/** A CPU manager per test class ({@link WithManager}), and seeded arrays. */
abstract class NnTestSupport extends WithManager {

    /** Entries uniform on [-1, 1] from {@code seed}, of the given type. */
    static NDArray uniform(NDManager m, long seed, DataType type, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = new Shape(shape);
        double[] v = new double[Math.toIntExact(s.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble() * 2 - 1;
        }
        return m.create(v, s).toType(type, false);
    }

    /** Float32 entries uniform on [-1, 1] from {@code seed}. */
    static NDArray uniform(NDManager m, long seed, long... shape) {
        return uniform(m, seed, DataType.FLOAT32, shape);
    }
}
