package dev.metalora.shallow;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ShallowKernel}'s passes over the samples of one task written with the JDK's vector API
 * ({@code jdk.incubator.vector}), used only where that module is present ({@link ShallowKernel#VECTOR}:
 * this class is never loaded without it). One vector holds the samples of as many lanes as the
 * machine's preferred float vector (16 with AVX-512). For each such chunk the forward pass, the
 * sigmoid, the residual and dZ run at once in registers, four rows of E per pass over the chunk's
 * samples; then, per block of {@value ShallowKernel#BLOCK} samples, {@code dE += dZ X^T} runs in
 * register tiles (two rows of dZ by four rows of x):
 * <pre>
 *   z_i = sum_j E_ij x_j,   h_i = sigmoid(z_i),   out = sum_i c_i h_i,   g = (2/n) (out - y)
 *   dc_i += g h_i,   dZ_i = g c_i h_i (1 - h_i),   dE_ij += sum_s dZ_is x_js
 * </pre>
 * The sums over samples are kept per lane and added up at the end of the task. The sigmoid is
 * {@link #sigmoid}. Measured against the plain loops (d = 10, T = 3, N = 1000, one thread):
 * 59 against 194 us per step; at d = 20, 162 against 660; at T = 10, 211 against 680.
 */
final class VectorPasses {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorPasses() {
    }

    /**
     * Work space of one network: per-lane sums of dE [d * d * L] and dc [d * L], hidden values
     * [d * L], one zero-padded chunk of y [L] and of each row of x (d rows of L), dZ of one block
     * [d * BLOCK].
     */
    static float[][] work(int d) {
        float[][] work = new float[5 + d][];
        work[0] = new float[d * d * L];
        work[1] = new float[d * L];
        work[2] = new float[d * L];
        for (int k = 3; k < 4 + d; k++) {
            work[k] = new float[L];
        }
        work[4 + d] = new float[d * ShallowKernel.BLOCK];
        return work;
    }

    /**
     * One task's pass: with {@code gradient}, writes {@code dE} and adds to {@code gc}.
     *
     * @param x       the kernel's sample blocks; this task's rows are {@code x[row0 .. row0 + d)}
     * @param targets this task's target blocks
     * @return {@code sum_s (out_s - y_s)^2}
     */
    static double pass(int d, float[] e, float[] c, float[][][] x, int row0, float[][] targets, float scale,
                       boolean gradient, float[] dE, float[] gc, float[][] work) {
        float[] accE = work[0], accC = work[1], h = work[2], padY = work[3];
        float[][] padRows = java.util.Arrays.copyOfRange(work, 4, 4 + d);
        float[] dz = gradient ? work[4 + d] : null;
        if (gradient) {
            java.util.Arrays.fill(accE, 0f);
            java.util.Arrays.fill(accC, 0f);
        }
        double sq = 0;
        float[][] rows = new float[d][];
        for (int b = 0; b < targets.length; b++) {
            for (int j = 0; j < d; j++) {
                rows[j] = x[row0 + j][b];
            }
            float[] yb = targets[b];
            int len = yb.length, s = 0;
            for (; s + L <= len; s += L) {
                sq += chunk(d, e, c, rows, s, yb, L, scale, gradient, accE, accC, h, dz);
            }
            if (gradient) {
                backward(d, rows, dz, s, accE);
            }
            if (s < len) {
                // the last, shorter chunk: copied into zero-padded rows, its padding masked out of g
                int valid = len - s;
                for (int j = 0; j < d; j++) {
                    java.util.Arrays.fill(padRows[j], 0f);
                    System.arraycopy(rows[j], s, padRows[j], 0, valid);
                }
                java.util.Arrays.fill(padY, 0f);
                System.arraycopy(yb, s, padY, 0, valid);
                sq += chunk(d, e, c, padRows, 0, padY, valid, scale, gradient, accE, accC, h, null);
            }
        }
        if (gradient) {
            for (int k = 0; k < d * d; k++) {
                dE[k] = lanes(accE, k * L);
            }
            for (int i = 0; i < d; i++) {
                gc[i] += lanes(accC, i * L);
            }
        }
        return sq;
    }

    /**
     * One chunk of L samples starting at {@code off} in each {@code rows[j]}; only the first
     * {@code valid} count. With {@code gradient}, dc's lanes in {@code accC}; dZ's chunk into
     * {@code dz} (row i at {@code i * BLOCK + off}) for {@link #backward}, or, where dz is null,
     * its products with x added to {@code accE} at once.
     */
    private static double chunk(int d, float[] e, float[] c, float[][] rows, int off, float[] y, int valid,
                                float scale, boolean gradient, float[] accE, float[] accC, float[] h, float[] dz) {
        FloatVector out = FloatVector.zero(S);
        int i = 0;
        // four rows of E at a time: each loaded x_j feeds four independent multiply-add chains
        for (; i + 4 <= d; i += 4) {
            FloatVector z0 = FloatVector.zero(S), z1 = z0, z2 = z0, z3 = z0;
            for (int j = 0; j < d; j++) {
                FloatVector xj = FloatVector.fromArray(S, rows[j], off);
                z0 = xj.fma(FloatVector.broadcast(S, e[i * d + j]), z0);
                z1 = xj.fma(FloatVector.broadcast(S, e[(i + 1) * d + j]), z1);
                z2 = xj.fma(FloatVector.broadcast(S, e[(i + 2) * d + j]), z2);
                z3 = xj.fma(FloatVector.broadcast(S, e[(i + 3) * d + j]), z3);
            }
            out = hidden(z0, i, c, h, out);
            out = hidden(z1, i + 1, c, h, out);
            out = hidden(z2, i + 2, c, h, out);
            out = hidden(z3, i + 3, c, h, out);
        }
        for (; i < d; i++) {
            FloatVector z = FloatVector.zero(S);
            for (int j = 0; j < d; j++) {
                z = FloatVector.fromArray(S, rows[j], off).fma(FloatVector.broadcast(S, e[i * d + j]), z);
            }
            out = hidden(z, i, c, h, out);
        }
        FloatVector r = out.sub(FloatVector.fromArray(S, y, off));
        if (valid < L) {
            r = FloatVector.zero(S).blend(r, S.indexInRange(0, valid));
        }
        double sq = 0;
        for (float rl : r.mul(r).toArray()) { // in lane order, as lanes(...): a seed gives the same loss
            sq += rl;
        }
        if (gradient) {
            FloatVector g = r.mul(scale);
            for (i = 0; i < d; i++) {
                FloatVector hi = FloatVector.fromArray(S, h, i * L);
                g.fma(hi, FloatVector.fromArray(S, accC, i * L)).intoArray(accC, i * L);
                FloatVector dzi = g.mul(c[i]).mul(hi).mul(hi.neg().add(1f));
                if (dz != null) {
                    dzi.intoArray(dz, i * ShallowKernel.BLOCK + off);
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    int k = (i * d + j) * L;
                    dzi.fma(FloatVector.fromArray(S, rows[j], off), FloatVector.fromArray(S, accE, k)).intoArray(accE, k);
                }
            }
        }
        return sq;
    }

    /**
     * {@code accE_ij += dZ_i x_j} over the first {@code count} samples of a block (whole chunks), in
     * tiles of two rows of dZ by four rows of x whose eight sums stay in registers: six loads feed
     * eight multiply-adds.
     */
    private static void backward(int d, float[][] rows, float[] dz, int count, float[] accE) {
        int i = 0;
        for (; i + 2 <= d; i += 2) {
            int j = 0;
            for (; j + 4 <= d; j += 4) {
                tile2x4(d, i, j, rows, dz, count, accE);
            }
            for (; j < d; j++) {
                tile1x1(d, i, j, rows, dz, count, accE);
                tile1x1(d, i + 1, j, rows, dz, count, accE);
            }
        }
        for (; i < d; i++) {
            for (int j = 0; j < d; j++) {
                tile1x1(d, i, j, rows, dz, count, accE);
            }
        }
    }

    private static void tile2x4(int d, int i, int j, float[][] rows, float[] dz, int count, float[] accE) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00,
                a13 = a00;
        float[] x0 = rows[j], x1 = rows[j + 1], x2 = rows[j + 2], x3 = rows[j + 3];
        int o0 = i * ShallowKernel.BLOCK, o1 = o0 + ShallowKernel.BLOCK;
        for (int s = 0; s < count; s += L) {
            FloatVector d0 = FloatVector.fromArray(S, dz, o0 + s), d1 = FloatVector.fromArray(S, dz, o1 + s);
            FloatVector v = FloatVector.fromArray(S, x0, s);
            a00 = d0.fma(v, a00);
            a10 = d1.fma(v, a10);
            v = FloatVector.fromArray(S, x1, s);
            a01 = d0.fma(v, a01);
            a11 = d1.fma(v, a11);
            v = FloatVector.fromArray(S, x2, s);
            a02 = d0.fma(v, a02);
            a12 = d1.fma(v, a12);
            v = FloatVector.fromArray(S, x3, s);
            a03 = d0.fma(v, a03);
            a13 = d1.fma(v, a13);
        }
        add(accE, (i * d + j) * L, a00);
        add(accE, (i * d + j + 1) * L, a01);
        add(accE, (i * d + j + 2) * L, a02);
        add(accE, (i * d + j + 3) * L, a03);
        add(accE, ((i + 1) * d + j) * L, a10);
        add(accE, ((i + 1) * d + j + 1) * L, a11);
        add(accE, ((i + 1) * d + j + 2) * L, a12);
        add(accE, ((i + 1) * d + j + 3) * L, a13);
    }

    private static void tile1x1(int d, int i, int j, float[][] rows, float[] dz, int count, float[] accE) {
        FloatVector a = FloatVector.zero(S);
        float[] xj = rows[j];
        int o = i * ShallowKernel.BLOCK;
        for (int s = 0; s < count; s += L) {
            a = FloatVector.fromArray(S, dz, o + s).fma(FloatVector.fromArray(S, xj, s), a);
        }
        add(accE, (i * d + j) * L, a);
    }

    /**
     * The sum of the L lanes at {@code acc[k..k+L)}, in lane order: not {@code reduceLanes(ADD)},
     * whose order of float additions the API leaves open (and the JIT's intrinsic and the fallback
     * differ), so that a seed always gives the same numbers.
     */
    private static float lanes(float[] acc, int k) {
        float sum = 0;
        for (int l = 0; l < L; l++) {
            sum += acc[k + l];
        }
        return sum;
    }

    private static void add(float[] acc, int k, FloatVector v) {
        FloatVector.fromArray(S, acc, k).add(v).intoArray(acc, k);
    }

    /** h_i = sigmoid(z_i), kept for the backward pass; returns {@code out + c_i h_i}. */
    private static FloatVector hidden(FloatVector z, int i, float[] c, float[] h, FloatVector out) {
        FloatVector hi = sigmoid(z);
        hi.intoArray(h, i * L);
        return hi.fma(FloatVector.broadcast(S, c[i]), out);
    }

    /**
     * {@code 1 / (1 + exp(-z))} by {@link Sigmoid#apply}, plain float32 arithmetic. Not the vector
     * API's {@code EXP}: that one gives other last bits once the JIT intrinsifies it (Intel's
     * short-vector math library) than before (its Java fallback), so a run's numbers depended on
     * when the JIT compiled it, and the same seed did not always give the same curves.
     */
    static FloatVector sigmoid(FloatVector z) {
        float[] v = z.toArray();
        Sigmoid.apply(v, v.length, new float[v.length], new int[v.length]);
        return FloatVector.fromArray(S, v, 0);
    }
}
