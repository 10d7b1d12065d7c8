package dev.metalora.linear;

/**
 * Batched dense linear algebra in double precision: every operation acts on all matrices of its
 * stacks at once, so the per-operation cost of a library is paid once per step, not per task.
 * Two implementations compute the same numbers: {@link JavaKernel} (plain loops, no per-call
 * overhead; fastest for small matrices) and {@link Nd4jKernel} (one batched ND4J call per
 * operation; fastest for large ones). {@link #forDim} picks by size.
 */
public interface Kernel {

    /**
     * Largest dimension d for which {@link #forDim} picks the plain-Java kernel. Measured (CPU time
     * of the calling thread, 1 BLAS thread, {@code environment/bench linear-kernels} for wall time):
     * at d = 10 the Java kernel runs LoRA-ML and fine-tuning about 10x faster than ND4J, whose
     * ~20-40 us per call dominates; at d = 60 (T = 5, k = 4) the two tie; at d = 100 ND4J's BLAS
     * is about 2.8x faster.
     */
    int JAVA_MAX_DIM = 60;

    /** The kernel that is fastest for matrices of dimension {@code d}. */
    static Kernel forDim(int d) {
        return d <= JAVA_MAX_DIM ? JavaKernel.INSTANCE : Nd4jKernel.INSTANCE;
    }

    /** A stack of zeros. */
    Stack zeros(int batch, int rows, int cols);

    /** A stack holding {@code data}: matrix after matrix, each row-major. */
    Stack of(double[] data, int batch, int rows, int cols);

    /** The entries of {@code s}, matrix after matrix, each row-major. */
    double[] toArray(Stack s);

    /** {@code out_i = alpha op(a_i) op(b_i) + beta out_i}, op the transpose where asked. */
    void mm(Stack a, boolean transA, Stack b, boolean transB, double alpha, double beta, Stack out);

    /** {@code y += alpha x}. */
    void axpy(double alpha, Stack x, Stack y);

    /** {@code out_i = a_i + a_i^T} (square matrices). */
    void addTransposed(Stack a, Stack out);

    /** {@code to = from}. */
    void copy(Stack from, Stack to);

    /**
     * {@code out_i = mean of a_j over the group of i}, where groups are consecutive runs of
     * {@code group} matrices (the T tasks of one trial).
     */
    void groupMean(Stack a, int group, Stack out);

    /** {@code out[i] = sum_jl a_i[j,l] b_i[j,l]}, the Frobenius inner product per matrix. */
    void dots(Stack a, Stack b, double[] out);

    /** A short name for reports ("java", "nd4j"). */
    String name();

    /** Checks that an operation's stacks fit together; names the operation otherwise. */
    static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("stack shapes do not fit: " + what);
        }
    }
}
