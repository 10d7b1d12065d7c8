package dev.metalora.results;

/** Evenly spaced indices into a long per-step curve, for JSON and figures that need not every step. */
public final class Thinning {
    private Thinning() {
    }

    /**
     * Every k-th 0-based index of a curve of {@code length} entries, the last always included, with k
     * the smallest stride that keeps the count at most about {@code most} (at most {@code most} + 1).
     */
    public static int[] indices(int length, int most) {
        if (length < 1 || most < 1) {
            throw new IllegalArgumentException("length, most: must be >= 1, got " + length + ", " + most);
        }
        int stride = Math.max(1, (length + most - 1) / most);
        int count = (length - 1) / stride + 1 + ((length - 1) % stride == 0 ? 0 : 1);
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) {
            idx[i] = Math.min(i * stride, length - 1);
        }
        return idx;
    }
}
