package dev.metalora.linear;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Samples of one task: inputs {@code X} (d x N, columns are samples) and outputs {@code Y = Theta* X + E}. */
public record TaskData(INDArray x, INDArray y) {
    public TaskData {
        if (x.rank() != 2 || y.rank() != 2 || x.columns() != y.columns()) {
            throw new IllegalArgumentException("x, y: need d x N and d' x N matrices, got "
                    + java.util.Arrays.toString(x.shape()) + " and " + java.util.Arrays.toString(y.shape()));
        }
    }

    /** Number of samples N. */
    public int size() {
        return (int) x.columns();
    }

    /** The sufficient statistics {@code X X^T / N}, {@code Y X^T / N}, {@code ||Y||^2 / N}. */
    public SufficientStats stats() {
        return SufficientStats.of(x, y);
    }
}
