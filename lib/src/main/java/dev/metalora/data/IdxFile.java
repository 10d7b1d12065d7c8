package dev.metalora.data;

/**
 * The content of one IDX file (the format of MNIST and Fashion-MNIST): unsigned bytes and their
 * dimensions, e.g. {@code [60000, 28, 28]} for images or {@code [60000]} for labels.
 */
public record IdxFile(int[] dims, byte[] data) {

    public IdxFile {
        dims = dims.clone();
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** The number of items: the first dimension. */
    public int count() {
        return dims[0];
    }

    /** The value at flat position {@code i}, read as unsigned (0-255). */
    public int unsigned(int i) {
        return data[i] & 0xff;
    }
}
