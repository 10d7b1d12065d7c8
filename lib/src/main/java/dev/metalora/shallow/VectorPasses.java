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
 * The sums over samples are kept per lane and added up at the end of the task, in lane order; the
 * squared residuals per lane over a block, then in double. The sigmoid is
 * {@link #sigmoid}. Measured against the plain loops (d = 10, T = 3, N = 1000, one thread):
 * 62 against 177 us per step; at d = 20, 180 against 594; at T = 10, 207 against 577.
 */
final class VectorPasses {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final float LOG2E = Sigmoid.LOG2E, ROUND = Sigmoid.ROUND, LN2_HI = Sigmoid.LN2_HI,
            LN2_LO = Sigmoid.LN2_LO, MAX = Sigmoid.MAX;
    private static final int ROUND_BITS = Sigmoid.ROUND_BITS;

    private VectorPasses() {
    }

    /**
     * Work space of one network: per-lane sums of dE [d * d * L] and dc [d * L], hidden values
     * [d * L], one zero-padded chunk of y [L] and of each row of x (d rows of L), dZ of one block
     * [d * BLOCK], the squared residuals of one block, per lane [L].
     */
    static float[][] work(int d) {
        float[][] work = new float[6 + d][];
        work[0] = new float[d * d * L];
        work[1] = new float[d * L];
        work[2] = new float[d * L];
        for (int k = 3; k < 4 + d; k++) {
            work[k] = new float[L];
        }
        work[4 + d] = new float[d * ShallowKernel.BLOCK];
        work[5 + d] = new float[L];
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
        float[] dz = gradient ? work[4 + d] : null, sqLanes = work[5 + d];
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
            java.util.Arrays.fill(sqLanes, 0f);
            for (; s + L <= len; s += L) {
                chunk(d, e, c, rows, s, yb, L, scale, gradient, accE, accC, h, dz, sqLanes);
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
                chunk(d, e, c, padRows, 0, padY, valid, scale, gradient, accE, accC, h, null, sqLanes);
            }
            // the block's squared residuals, summed per lane in float32, then over lanes in lane order
            for (float lane : sqLanes) {
                sq += lane;
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
     * {@code valid} count. Adds the chunk's squared residuals to {@code sqLanes} (per lane). With
     * {@code gradient}, dc's lanes in {@code accC}; dZ's chunk into {@code dz} (row i at
     * {@code i * BLOCK + off}) for {@link #backward}, or, where dz is null, its products with x added
     * to {@code accE} at once.
     *
     * <p>Three methods that pass arrays, not vectors: each one small enough that the JIT inlines
     * every vector operation in it and so compiles them to instructions. One method with all of it
     * exceeded C2's inlining budget, and the operations it left as calls ran the vector API's Java
     * fallback (boxed vectors, one lane at a time): 100 against 60 us per step here.
     */
    private static void chunk(int d, float[] e, float[] c, float[][] rows, int off, float[] y, int valid,
                              float scale, boolean gradient, float[] accE, float[] accC, float[] h, float[] dz,
                              float[] sqLanes) {
        forward(d, e, rows, off, h);
        sigmoids(d, h);
        output(d, c, rows, off, y, valid, scale, gradient, accE, accC, h, dz, sqLanes);
    }

    /** {@code z_i = sum_j E_ij x_j} into {@code h} (row i at {@code i * L}). */
    private static void forward(int d, float[] e, float[][] rows, int off, float[] h) {
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
            z0.intoArray(h, i * L);
            z1.intoArray(h, (i + 1) * L);
            z2.intoArray(h, (i + 2) * L);
            z3.intoArray(h, (i + 3) * L);
        }
        for (; i < d; i++) {
            FloatVector z = FloatVector.zero(S);
            for (int j = 0; j < d; j++) {
                z = FloatVector.fromArray(S, rows[j], off).fma(FloatVector.broadcast(S, e[i * d + j]), z);
            }
            z.intoArray(h, i * L);
        }
    }

    /** {@code h_i = sigmoid(z_i)} in place, kept for the backward pass. */
    private static void sigmoids(int d, float[] h) {
        for (int k = 0; k < d * L; k += L) {
            sigmoid(FloatVector.fromArray(S, h, k)).intoArray(h, k);
        }
    }

    /** {@code out = sum_i c_i h_i}, the residual, its square and, with {@code gradient}, dc and dZ. */
    private static void output(int d, float[] c, float[][] rows, int off, float[] y, int valid, float scale,
                               boolean gradient, float[] accE, float[] accC, float[] h, float[] dz, float[] sqLanes) {
        FloatVector out = FloatVector.zero(S);
        for (int i = 0; i < d; i++) {
            out = FloatVector.fromArray(S, h, i * L).fma(FloatVector.broadcast(S, c[i]), out);
        }
        FloatVector r = out.sub(FloatVector.fromArray(S, y, off));
        if (valid < L) {
            r = FloatVector.zero(S).blend(r, S.indexInRange(0, valid));
        }
        r.fma(r, FloatVector.fromArray(S, sqLanes, 0)).intoArray(sqLanes, 0);
        if (!gradient) {
            return;
        }
        FloatVector g = r.mul(scale);
        for (int i = 0; i < d; i++) {
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

    /**
     * {@code 1 / (1 + exp(-z))} in vector lanes, the same float32 operations in the same order as
     * {@link Sigmoid#apply} (clamp, {@code k = round(-z log2 e)} by adding 1.5 * 2^23, {@code r} in two
     * parts, Cephes' degree-6 polynomial, {@code 2^k} from its exponent bits), each one a lane-wise
     * IEEE operation that rounds the same whether the JIT intrinsifies it or not: the lanes come out
     * bit-identical to the scalar sigmoid. Not the vector API's {@code EXP}: that one gives other last
     * bits once the JIT intrinsifies it (Intel's short-vector math library) than before (its Java
     * fallback), so a run's numbers depended on when the JIT compiled it.
     */
    static FloatVector sigmoid(FloatVector z) {
        FloatVector x = z.neg().min(MAX).max(-MAX);
        FloatVector k = x.mul(LOG2E).add(ROUND);
        FloatVector pow2 = k.viewAsIntegralLanes().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                .viewAsFloatingLanes();
        FloatVector kf = k.sub(ROUND);
        FloatVector r = x.sub(kf.mul(LN2_HI)).sub(kf.mul(LN2_LO));
        FloatVector p = FloatVector.broadcast(S, 1.9875691500E-4f);
        p = p.mul(r).add(1.3981999507E-3f);
        p = p.mul(r).add(8.3334519073E-3f);
        p = p.mul(r).add(4.1665795894E-2f);
        p = p.mul(r).add(1.6666665459E-1f);
        p = p.mul(r).add(5.0000001201E-1f);
        FloatVector e = p.mul(r).mul(r).add(r).add(1f);
        return ONE.div(e.mul(pow2).add(1f));
    }
}
