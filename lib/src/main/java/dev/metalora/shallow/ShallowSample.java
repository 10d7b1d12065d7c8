package dev.metalora.shallow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Samples of one shallow task: inputs {@code x} (n x d, row-major), noisy outputs {@code y} and
 * the clean outputs {@code c^T sigmoid(Theta* x)} the clean prediction error is measured against.
 */
public record ShallowSample(int n, int dim, float[] x, float[] y, float[] clean) {

    public ShallowSample {
        x = x.clone();
        y = y.clone();
        clean = clean.clone();
    }

    /** Inputs as an [n, d] array. */
    public NDArray inputs(NDManager m) {
        return m.create(x, new Shape(n, dim));
    }

    /** Noisy outputs as an [n, 1] array. */
    public NDArray outputs(NDManager m) {
        return m.create(y, new Shape(n, 1));
    }

    /** Clean outputs as an [n, 1] array. */
    public NDArray cleanOutputs(NDManager m) {
        return m.create(clean, new Shape(n, 1));
    }

    @Override
    public float[] x() {
        return x.clone();
    }

    @Override
    public float[] y() {
        return y.clone();
    }

    @Override
    public float[] clean() {
        return clean.clone();
    }
}
