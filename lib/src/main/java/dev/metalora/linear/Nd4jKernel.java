package dev.metalora.linear;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Kernel} on rank-3 ND4J arrays {@code [batch, rows, cols]}: each operation is one
 * batched native call ({@code matmul} with alpha and beta, BLAS axpy, one GEMM for the group
 * means), writing into preallocated outputs.
 * <p>Loading this class limits ND4J (its OpenMP loops and OpenBLAS) to {@value #DEFAULT_THREADS}
 * thread, or to the system property {@code metalora.nd4j.threads}: these products are small
 * (d x d times d x k), and with two threads on two busy cores the d = 100 benchmark ran 5x slower
 * (45 s against 9 s for 300 outer steps), the threads spinning while they wait for each other.
 */
public final class Nd4jKernel implements Kernel {
    public static final Nd4jKernel INSTANCE = new Nd4jKernel();

    /** ND4J threads unless {@code metalora.nd4j.threads} says otherwise. */
    public static final int DEFAULT_THREADS = 1;

    static {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        int threads = Integer.getInteger("metalora.nd4j.threads", DEFAULT_THREADS);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }

    /** Group-averaging matrices {@code P} (block diagonal, blocks of 1/group), by shape. */
    private final Map<Long, INDArray> averagers = new ConcurrentHashMap<>();

    private Nd4jKernel() {
    }

    /** A stack backed by one c-ordered rank-3 array. */
    record NStack(INDArray array, int batch, int rows, int cols) implements Stack {
    }

    private static INDArray n(Stack s) {
        return ((NStack) s).array;
    }

    @Override
    public Stack zeros(int batch, int rows, int cols) {
        return new NStack(Nd4j.zeros(DataType.DOUBLE, batch, rows, cols), batch, rows, cols);
    }

    @Override
    public Stack of(double[] data, int batch, int rows, int cols) {
        Kernel.require(data.length == batch * rows * cols, "data of length " + data.length + " for "
                + batch + "x" + rows + "x" + cols);
        return new NStack(Nd4j.create(data, new long[] {batch, rows, cols}, DataType.DOUBLE), batch, rows, cols);
    }

    @Override
    public double[] toArray(Stack s) {
        return n(s).dup('c').data().asDouble();
    }

    @Override
    public void mm(Stack a, boolean transA, Stack b, boolean transB, double alpha, double beta, Stack out) {
        if (alpha == 1 && beta == 0) {
            Nd4j.matmul(n(a), n(b), n(out), transA, transB, false);
        } else {
            Nd4j.exec(DynamicCustomOp.builder("matmul")
                    .addInputs(n(a), n(b)).addOutputs(n(out))
                    .addFloatingPointArguments(alpha, beta)
                    .addIntegerArguments(transA ? 1 : 0, transB ? 1 : 0, 0)
                    .build());
        }
    }

    @Override
    public void axpy(double alpha, Stack x, Stack y) {
        Nd4j.getBlasWrapper().level1().axpy(n(y).length(), alpha, n(x), n(y));
    }

    @Override
    public void addTransposed(Stack a, Stack out) {
        n(out).assign(n(a));
        n(out).addi(n(a).permute(0, 2, 1));
    }

    @Override
    public void copy(Stack from, Stack to) {
        n(to).assign(n(from));
    }

    @Override
    public void groupMean(Stack a, int group, Stack out) {
        int batch = a.batch(), size = a.rows() * a.cols();
        Kernel.require(batch % group == 0 && out.batch() == batch, "groupMean of batch " + batch + " in groups of " + group);
        INDArray p = averagers.computeIfAbsent((long) batch << 32 | group, key -> {
            INDArray m = Nd4j.zeros(DataType.DOUBLE, batch, batch);
            for (int i = 0; i < batch; i++) {
                for (int j = i / group * group; j < (i / group + 1) * group; j++) {
                    m.putScalar(i, j, 1.0 / group);
                }
            }
            return m;
        });
        Nd4j.gemm(p, n(a).reshape(batch, size), n(out).reshape(batch, size), false, false, 1.0, 0.0);
    }

    @Override
    public void dots(Stack a, Stack b, double[] out) {
        double[] d = n(a).mul(n(b)).sum(1, 2).toDoubleVector();
        System.arraycopy(d, 0, out, 0, out.length);
    }

    @Override
    public String name() {
        return "nd4j";
    }
}
