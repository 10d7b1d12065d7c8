package dev.metalora.custom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * One task's data: training pairs {@code (x, y)} and held-out pairs {@code (testX, testY)}, as
 * float32 tensors of shape {@code [n, inputs]} and {@code [n, outputs]}. For a retraining task the
 * held-out pairs choose the best epoch; for an unseen task {@code (x, y)} are the fine-tuning
 * samples and {@code (testX, testY)} measure the result.
 */
public record TaskData(NDArray x, NDArray y, NDArray testX, NDArray testY) {

    public TaskData {
        pair("x", x, "y", y);
        pair("testX", testX, "testY", testY);
        if (x.getShape().get(1) != testX.getShape().get(1)) {
            throw new IllegalArgumentException("testX: shape " + testX.getShape() + " has " + testX.getShape().get(1)
                    + " inputs, x " + x.getShape() + " has " + x.getShape().get(1) + "; they must agree");
        }
        if (y.getShape().get(1) != testY.getShape().get(1)) {
            throw new IllegalArgumentException("testY: shape " + testY.getShape() + " has " + testY.getShape().get(1)
                    + " outputs, y " + y.getShape() + " has " + y.getShape().get(1) + "; they must agree");
        }
    }

    /** Tensors made from rows of numbers (each row one sample). */
    public static TaskData of(NDManager manager, float[][] x, float[][] y, float[][] testX, float[][] testY) {
        return new TaskData(tensor(manager, "x", x), tensor(manager, "y", y), tensor(manager, "testX", testX),
                tensor(manager, "testY", testY));
    }

    /** Number of inputs per sample. */
    public long inputs() {
        return x.getShape().get(1);
    }

    /** Number of outputs per sample. */
    public long outputs() {
        return y.getShape().get(1);
    }

    /** Number of training samples. */
    public long samples() {
        return x.getShape().get(0);
    }

    private static void pair(String xName, NDArray x, String yName, NDArray y) {
        for (var e : new Object[][]{{xName, x}, {yName, y}}) {
            NDArray a = (NDArray) e[1];
            if (a == null) {
                throw new IllegalArgumentException(e[0] + ": must be a tensor, got null");
            }
            if (a.getShape().dimension() != 2 || a.getShape().get(0) == 0) {
                throw new IllegalArgumentException(e[0] + ": shape " + a.getShape()
                        + " must be [samples, features] with at least one sample");
            }
            if (a.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException(e[0] + ": data type " + a.getDataType() + " must be float32");
            }
        }
        if (x.getShape().get(0) != y.getShape().get(0)) {
            throw new IllegalArgumentException(yName + ": " + y.getShape().get(0) + " samples for "
                    + x.getShape().get(0) + " in " + xName + "; every sample needs its target");
        }
    }

    private static NDArray tensor(NDManager m, String name, float[][] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException(name + ": need at least one sample, got "
                    + (rows == null ? "null" : "none"));
        }
        int width = rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException(name + ": row " + i + " has " + rows[i].length
                        + " values, row 0 has " + width + "; every row must have the same length");
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return m.create(flat, new Shape(rows.length, width));
    }
}
