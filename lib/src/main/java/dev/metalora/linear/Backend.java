package dev.metalora.linear;

/** Which {@link Kernel} computes a run: chosen by size, or forced (to compare them). */
public enum Backend {
    /** {@link Kernel#forDim}: plain Java up to {@link Kernel#JAVA_MAX_DIM}, ND4J above. */
    AUTO,
    /** {@link JavaKernel}. */
    JAVA,
    /** {@link Nd4jKernel}. */
    ND4J;

    /** The kernel for matrices of dimension {@code dim}. */
    public Kernel kernel(int dim) {
        return switch (this) {
            case AUTO -> Kernel.forDim(dim);
            case JAVA -> JavaKernel.INSTANCE;
            case ND4J -> Nd4jKernel.INSTANCE;
        };
    }
}
