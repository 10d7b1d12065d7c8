package dev.metalora.linear;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The plain-Java and ND4J kernels compute the same numbers, and both match a naive triple loop.
 * Tolerance 1e-12 relative: the sums have at most 7 terms of size ~1, so reordering them changes
 * a result by a few ulps (~1e-15).
 */
class KernelsAgreeTest {
    private static final Kernel[] KERNELS = {JavaKernel.INSTANCE, Nd4jKernel.INSTANCE};

    private static double[] random(int n, long seed) {
        return Matrices.gaussian(new SplittableRandom(seed), 1, n, 1.0);
    }

    /** Naive reference: out_i = alpha op(a_i) op(b_i) + beta out_i. */
    private static double[] naive(double[] a, int ar, int ac, boolean ta, double[] b, int br, int bc, boolean tb,
                                  double alpha, double beta, double[] out, int batch) {
        int m = ta ? ac : ar, p = ta ? ar : ac, n = tb ? br : bc;
        double[] o = out.clone();
        for (int i = 0; i < batch; i++) {
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < n; c++) {
                    double s = 0;
                    for (int q = 0; q < p; q++) {
                        double x = ta ? a[i * ar * ac + q * ac + r] : a[i * ar * ac + r * ac + q];
                        double y = tb ? b[i * br * bc + c * bc + q] : b[i * br * bc + q * bc + c];
                        s += x * y;
                    }
                    o[i * m * n + r * n + c] = alpha * s + beta * o[i * m * n + r * n + c];
                }
            }
        }
        return o;
    }

    @ParameterizedTest
    @CsvSource({"false,false,1,0", "true,false,1,0", "false,true,-0.5,1", "true,true,2,0.5", "false,false,1,-1"})
    void productsMatchNaiveLoopsInBothKernels(boolean ta, boolean tb, double alpha, double beta) {
        int batch = 3, m = 5, p = 7, n = 2;
        int ar = ta ? p : m, ac = ta ? m : p, br = tb ? n : p, bc = tb ? p : n;
        double[] a = random(batch * m * p, 1), b = random(batch * p * n, 2), out = random(batch * m * n, 3);
        double[] expected = naive(a, ar, ac, ta, b, br, bc, tb, alpha, beta, out, batch);
        for (Kernel k : KERNELS) {
            Stack o = k.of(out, batch, m, n);
            k.mm(k.of(a, batch, ar, ac), ta, k.of(b, batch, br, bc), tb, alpha, beta, o);
            assertArrayEquals(expected, k.toArray(o), 1e-12, k.name() + " mm");
        }
    }

    @Test
    void groupMeansAxpyCopyAndDotsAgree() {
        int batch = 6, group = 3, r = 4, c = 3, size = r * c;
        double[] a = random(batch * size, 4), y = random(batch * size, 5);
        double[] mean = new double[batch * size], axpy = y.clone(), dots = new double[batch];
        for (int i = 0; i < batch; i++) {
            for (int e = 0; e < size; e++) {
                for (int t = i / group * group; t < (i / group + 1) * group; t++) {
                    mean[i * size + e] += a[t * size + e] / group;
                }
                axpy[i * size + e] += -0.3 * a[i * size + e];
                dots[i] += a[i * size + e] * y[i * size + e];
            }
        }
        for (Kernel k : KERNELS) {
            Stack sa = k.of(a, batch, r, c), sy = k.of(y, batch, r, c), out = k.zeros(batch, r, c);
            k.groupMean(sa, group, out);
            assertArrayEquals(mean, k.toArray(out), 1e-12, k.name() + " groupMean");
            double[] d = new double[batch];
            k.dots(sa, sy, d);
            assertArrayEquals(dots, d, 1e-12, k.name() + " dots");
            k.axpy(-0.3, sa, sy);
            assertArrayEquals(axpy, k.toArray(sy), 1e-12, k.name() + " axpy");
            k.copy(sa, sy);
            assertArrayEquals(a, k.toArray(sy), 0.0, k.name() + " copy");
        }
    }

    @Test
    void addTransposedAgrees() {
        int batch = 2, n = 4;
        double[] a = random(batch * n * n, 6), want = new double[a.length];
        for (int i = 0; i < batch; i++) {
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    want[i * n * n + r * n + c] = a[i * n * n + r * n + c] + a[i * n * n + c * n + r];
                }
            }
        }
        for (Kernel k : KERNELS) {
            Stack out = k.zeros(batch, n, n);
            k.addTransposed(k.of(a, batch, n, n), out);
            assertArrayEquals(want, k.toArray(out), 0.0, k.name() + " addTransposed");
        }
    }

    @Test
    void mismatchedShapesAreRejected() {
        Kernel k = JavaKernel.INSTANCE;
        var e = assertThrows(IllegalArgumentException.class,
                () -> k.mm(k.zeros(1, 2, 3), false, k.zeros(1, 2, 3), false, 1, 0, k.zeros(1, 2, 3)));
        assertEquals(true, e.getMessage().contains("mm"));
    }
}
