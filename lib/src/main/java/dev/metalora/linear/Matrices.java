package dev.metalora.linear;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/** Conversions between ND4J matrices and flat row-major arrays, and seeded Gaussian matrices. */
public final class Matrices {
    private Matrices() {
    }

    /** The entries of {@code m}, row-major. */
    public static double[] flat(INDArray m) {
        return m.dup('c').data().asDouble();
    }

    /** A rows x cols matrix from row-major entries. */
    public static INDArray matrix(double[] data, int rows, int cols) {
        Nd4jKernel.INSTANCE.name(); // double precision defaults
        return Nd4j.create(data.clone(), new long[] {rows, cols}, DataType.DOUBLE);
    }

    /** rows x cols entries drawn N(0, std^2) from {@code rng}, row-major. */
    public static double[] gaussian(SplittableRandom rng, int rows, int cols, double std) {
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = std * rng.nextGaussian();
        }
        return a;
    }

    /** {@code a + u v^T} for a d x d and u, v d x k (flat row-major). */
    static double[] plusOuter(double[] a, double[] u, double[] v, int d, int k) {
        double[] out = a.clone();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    s += u[i * k + l] * v[j * k + l];
                }
                out[i * d + j] += s;
            }
        }
        return out;
    }

    /** Squared Frobenius distance of two flat matrices. */
    public static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }
}
