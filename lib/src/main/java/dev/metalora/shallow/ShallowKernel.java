package dev.metalora.shallow;

import dev.metalora.peft.OptimizerSpec;

/**
 * One shallow network {@code x -> c^T sigmoid((W + B_t A_t) x)} trained in float32 with plain Java
 * loops: the forward pass, its gradients written out by hand, and DJL's Adam(W) update, exactly
 * as {@link StackedShallowNet} with DJL's autodiff defines them (PAPER.md, "Shallow network
 * setting"). For a network of T tasks with samples {@code X_t} (d x n, samples as columns) and
 * targets {@code y_t}, the loss is {@code sum_t (1/n) ||c^T sigmoid(E_t X_t) - y_t||^2} with
 * {@code E_t = W + B_t A_t}, and with {@code r_t = c^T H_t - y_t}, {@code g_t = (2/n) r_t},
 * {@code H_t = sigmoid(E_t X_t)}:
 * <pre>
 *   dc      = sum_t H_t g_t^T
 *   dZ_t    = (c g_t^T) . H_t . (1 - H_t)        (elementwise)
 *   dE_t    = dZ_t X_t^T
 *   dW      = sum_t dE_t,   dB_t = dE_t A_t^T,   dA_t = B_t^T dE_t
 * </pre>
 * A network without adapters ({@code rank == 0}: standard retraining) has {@code E_t = W}; in the
 * DJL path its adapters are zero and stay zero (both their gradients vanish), which is the same.
 *
 * <p>Two implementations of the passes over the samples, chosen when the class loads
 * ({@link #VECTOR}): with the JDK's vector API ({@link VectorPasses}, about 3 times faster here:
 * 62 against 177 us per step at d = 10, T = 3, N = 1000), or the plain loops of this class,
 * which the JIT vectorises only partly.
 *
 * <p>Rounding: the elementwise operations are float32 as in PyTorch; the long sums (over the n
 * samples) are float32 in vector lanes ({@value #BLOCK} here, 16 or 8 in {@link VectorPasses}),
 * then added up, the reported loss in double (the vector path: float32 per lane over a block of
 * {@value #BLOCK} samples, then double), at least as close to the exact value as PyTorch's own
 * blocked float32 sums. Both paths compute the sigmoid by the same float32 operations
 * ({@code Sigmoid}, within 2 ulps), bit for bit; the vector path uses fused multiply-adds. Only the order of the terms in those sums and such last-bit
 * roundings differ from PyTorch's, a few ulps per step (see the equality test,
 * {@code ShallowKernelTest}, which runs the vector path where the module is present).
 *
 * <p>Not thread-safe: one network is trained by one thread; different networks share nothing.
 */
final class ShallowKernel {
    /** Samples per block: every hot loop runs over one block (see {@link #forward}). */
    static final int BLOCK = 128;
    /**
     * Whether the passes over the samples run in {@link VectorPasses} (the JDK's vector API): where
     * the module {@code jdk.incubator.vector} is present (the JVM runs with
     * {@code --add-modules jdk.incubator.vector}) and the system property
     * {@code metalora.vector} is not {@code false}; otherwise the plain loops below.
     */
    static final boolean VECTOR = !"false".equals(System.getProperty("metalora.vector"))
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private final int d;
    private final int tasks;
    private final int rank;
    private final int n;
    /** W [d, d], c [d], A_t [T, r, d] (down), B_t [T, d, r] (up). */
    final float[] w, c, down, up;
    /** Samples as columns in blocks: block b of row j of X_t is x[t * d + j][b]; targets y[t][b]. */
    private final float[][][] x, y;
    private final float[] gw, gc, gDown, gUp;
    private final Adam adamW, adamC, adamDown, adamUp;
    // work space: the effective weights of one task, the hidden layer h[i][b], outputs, residuals,
    // one block of dZ, the per-lane partial sums of dE's row and of dc, dE
    private final float[] e, dz, dE, scratch, lanesC;
    private final float[][] out, g, lanes;
    private final float[][][] h;
    private final int[] bits;
    /** {@link VectorPasses}'s work space (null without it). */
    private final float[][] work;

    /**
     * @param rank 0 for a network without adapters; otherwise the adapters' rank
     * @param x    samples as columns, [T, d, n]
     * @param y    targets, [T, n]
     */
    ShallowKernel(int d, int tasks, int rank, int n, float[] w, float[] c, float[] down, float[] up, float[] x,
                  float[] y, OptimizerSpec optimizer, boolean baseFrozen) {
        this.d = d;
        this.tasks = tasks;
        this.rank = rank;
        this.n = n;
        require(w.length == d * d && c.length == d && down.length == tasks * rank * d && up.length == tasks * d * rank
                && x.length == tasks * d * n && y.length == tasks * n, "sizes of the network's arrays");
        this.w = w.clone();
        this.c = c.clone();
        this.down = down.clone();
        this.up = up.clone();
        this.x = blocks(x, tasks * d, n);
        this.y = blocks(y, tasks, n);
        gw = new float[d * d];
        gc = new float[d];
        gDown = new float[down.length];
        gUp = new float[up.length];
        adamW = baseFrozen ? null : new Adam(optimizer, d * d);
        adamC = baseFrozen ? null : new Adam(optimizer, d);
        adamDown = rank == 0 ? null : new Adam(optimizer, down.length);
        adamUp = rank == 0 ? null : new Adam(optimizer, up.length);
        e = new float[d * d];
        h = new float[d][][];
        for (int i = 0; i < d; i++) {
            h[i] = blocks(new float[n], 1, n)[0];
        }
        out = blocks(new float[n], 1, n)[0];
        g = blocks(new float[n], 1, n)[0];
        int block = Math.min(BLOCK, n);
        dz = new float[block];
        scratch = new float[block];
        bits = new int[block];
        lanes = new float[d][block];
        lanesC = new float[block];
        dE = new float[d * d];
        work = VECTOR ? VectorPasses.work(d) : null;
    }

    /** {@code rows} rows of n values (row-major) as rows of blocks of {@link #BLOCK} values, the last one shorter. */
    static float[][][] blocks(float[] values, int rows, int n) {
        int count = (n + BLOCK - 1) / BLOCK;
        float[][][] out = new float[rows][count][];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < count; b++) {
                int from = r * n + b * BLOCK;
                out[r][b] = java.util.Arrays.copyOfRange(values, from, from + Math.min(BLOCK, n - b * BLOCK));
            }
        }
        return out;
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what + " do not match the network's shape");
        }
    }

    /**
     * One full-batch step: the loss at the current weights, its gradients, and one Adam(W) update
     * of every trainable parameter (step counted from 0).
     *
     * @return the loss before the update
     */
    double step(int step) {
        java.util.Arrays.fill(gw, 0f);
        java.util.Arrays.fill(gc, 0f);
        double loss = 0;
        for (int t = 0; t < tasks; t++) {
            effective(t);
            if (VECTOR) {
                loss += VectorPasses.pass(d, e, c, x, t * d, y[t], 2f / n, true, dE, gc, work) / n;
            } else {
                loss += forward(t, y);
                backward(t);
            }
            addGradients(t);
        }
        if (adamW != null) {
            adamW.update(step, w, gw);
            adamC.update(step, c, gc);
        }
        if (adamDown != null) {
            adamDown.update(step, down, gDown);
            adamUp.update(step, up, gUp);
        }
        return loss;
    }

    /** {@code sum_t (1/n) ||f_t(X_t) - targets_t||^2} at the current weights (no gradient); targets in {@link #blocks}. */
    double loss(float[][][] targets) {
        double loss = 0;
        for (int t = 0; t < tasks; t++) {
            effective(t);
            loss += VECTOR ? VectorPasses.pass(d, e, c, x, t * d, targets[t], 0f, false, null, null, work) / n
                    : forward(t, targets);
        }
        return loss;
    }

    /** ||W - target||_F. */
    double distance(float[] target) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            double v = (double) w[i] - target[i];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** e = E_t = B_t A_t + W, as DJL's {@code ub.matMul(da).add(a)}. */
    private void effective(int t) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                float s = 0f;
                for (int k = 0; k < rank; k++) {
                    s += up[(t * d + i) * rank + k] * down[(t * rank + k) * d + j];
                }
                e[i * d + j] = rank == 0 ? w[i * d + j] : s + w[i * d + j];
            }
        }
    }

    /** Forward pass of task t (after {@link #effective}): fills h, out and g = (2/n) (out - targets); returns (1/n) ||out - targets||^2. */
    private double forward(int t, float[][][] targets) {
        // Every hot loop runs over one block, indexing all its arrays with the same index and no
        // offset: the shape the JIT turns into vector instructions (with an offset it has to assume
        // that the arrays may overlap).
        float scale = 2f / n;
        double sq = 0;
        for (int b = 0; b < out.length; b++) {
            float[] ob = out[b];
            int len = ob.length;
            java.util.Arrays.fill(ob, 0f);
            for (int i = 0; i < d; i++) {
                float[] hb = h[i][b];
                float[] x0 = x[t * d][b];
                float e0 = e[i * d];
                for (int s = 0; s < len; s++) {
                    hb[s] = e0 * x0[s];
                }
                for (int j = 1; j < d; j++) {
                    float eij = e[i * d + j];
                    float[] xj = x[t * d + j][b];
                    for (int s = 0; s < len; s++) {
                        hb[s] += eij * xj[s];
                    }
                }
                Sigmoid.apply(hb, len, scratch, bits);
                float ci = c[i];
                for (int s = 0; s < len; s++) {
                    ob[s] += hb[s] * ci;
                }
            }
            float[] yb = targets[t][b];
            float[] gb = g[b];
            for (int s = 0; s < len; s++) {
                float r = ob[s] - yb[s];
                sq += (double) r * r;
                gb[s] = r * scale;
            }
        }
        return sq / n;
    }

    /** dE of task t and its part of dc (after {@link #forward} of task t). */
    private void backward(int t) {
        for (int i = 0; i < d; i++) {
            // dc_i = sum_s g_s h_is and dE_ij = sum_s dZ_is x_js, each accumulated per lane of a
            // block (vectorised), the lanes summed at the end
            float ci = c[i];
            java.util.Arrays.fill(lanesC, 0f);
            for (float[] l : lanes) {
                java.util.Arrays.fill(l, 0f);
            }
            for (int b = 0; b < g.length; b++) {
                float[] gb = g[b], hb = h[i][b];
                int len = gb.length;
                for (int s = 0; s < len; s++) {
                    float hs = hb[s];
                    lanesC[s] += gb[s] * hs;
                    dz[s] = gb[s] * ci * hs * (1f - hs);
                }
                for (int j = 0; j < d; j++) {
                    float[] lj = lanes[j], xj = x[t * d + j][b];
                    for (int s = 0; s < len; s++) {
                        lj[s] += dz[s] * xj[s];
                    }
                }
            }
            gc[i] += sum(lanesC);
            for (int j = 0; j < d; j++) {
                dE[i * d + j] = sum(lanes[j]);
            }
        }
    }

    /** Adds task t's dE to dW and turns it into dB_t and dA_t. */
    private void addGradients(int t) {
        if (adamW != null) {
            for (int k = 0; k < d * d; k++) {
                gw[k] += dE[k];
            }
        }
        if (rank > 0) {
            // dB_t = dE A_t^T [d, r], dA_t = B_t^T dE [r, d]
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < rank; k++) {
                    float s = 0f;
                    for (int j = 0; j < d; j++) {
                        s += dE[i * d + j] * down[(t * rank + k) * d + j];
                    }
                    gUp[(t * d + i) * rank + k] = s;
                }
            }
            for (int k = 0; k < rank; k++) {
                for (int j = 0; j < d; j++) {
                    float s = 0f;
                    for (int i = 0; i < d; i++) {
                        s += up[(t * d + i) * rank + k] * dE[i * d + j];
                    }
                    gDown[(t * rank + k) * d + j] = s;
                }
            }
        }
    }

    /** {@code sum_s a[s]} with eight partial sums. */
    static float sum(float[] a) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 8 <= a.length; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        float s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        for (; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }

    /**
     * DJL's Adam and AdamW on PyTorch (its {@code adamUpdate}): at update {@code t = step + 1},
     * with the tracker's rate {@code lr} and {@code lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)}
     * (computed in double, then rounded), AdamW first decays {@code w -= (w lr) wd}, Adam adds
     * {@code wd w} to the gradient; then {@code m = beta1 m + (1 - beta1) g},
     * {@code v = beta2 v + (1 - beta2) g^2}, {@code w -= (m lr_t) / (sqrt(v) + eps)}. Constants are
     * float32, as DJL passes them.
     */
    static final class Adam {
        private final OptimizerSpec spec;
        private final boolean decoupled;
        private final float beta1, beta2, epsilon, weightDecay, oneMinusBeta1, oneMinusBeta2;
        private final float[] m, v;

        Adam(OptimizerSpec spec, int size) {
            this.spec = spec;
            decoupled = spec.kind() == OptimizerSpec.Kind.ADAMW;
            beta1 = (float) spec.beta1();
            beta2 = (float) spec.beta2();
            epsilon = (float) spec.epsilon();
            weightDecay = (float) spec.weightDecay();
            oneMinusBeta1 = 1f - beta1;
            oneMinusBeta2 = 1f - beta2;
            m = new float[size];
            v = new float[size];
        }

        void update(int step, float[] weight, float[] grad) {
            int t = step + 1;
            float lr = (float) spec.lrAt(t);
            float lrT = (float) (lr * Math.sqrt(1.0 - Math.pow(beta2, t)) / (1.0 - Math.pow(beta1, t)));
            for (int k = 0; k < weight.length; k++) {
                float gk = grad[k];
                float wk = weight[k];
                if (decoupled) {
                    wk = wk - wk * lr * weightDecay;
                } else {
                    gk = gk + wk * weightDecay;
                }
                float mk = m[k] * beta1 + gk * oneMinusBeta1;
                float vk = v[k] * beta2 + gk * gk * oneMinusBeta2;
                m[k] = mk;
                v[k] = vk;
                weight[k] = wk - mk * lrT / ((float) Math.sqrt(vk) + epsilon);
            }
        }
    }
}
