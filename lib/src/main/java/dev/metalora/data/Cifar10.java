package dev.metalora.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 (Krizhevsky 2009) from its "binary version": 60 000 colour 32x32 images in 10 classes.
 * Each of {@code data_batch_1.bin} ... {@code data_batch_5.bin} (training) and {@code test_batch.bin}
 * holds 10 000 records of one label byte followed by 3072 pixel bytes (the red, green and blue
 * 32x32 planes). It cannot be downloaded here; read it from a folder the user provides.
 */
public final class Cifar10 {
    public static final int CLASSES = 10;
    public static final int SIDE = 32;
    public static final int CHANNELS = 3;
    public static final int PER_FILE = 10_000;
    public static final int TRAIN_FILES = 5;
    private static final int RECORD = 1 + CHANNELS * SIDE * SIDE;

    static final String HOW_TO_GET = "Download the CIFAR-10 binary version (cifar-10-binary.tar.gz) from "
            + "https://www.cs.toronto.edu/~kriz/cifar.html, unpack it, and pass the folder holding "
            + "data_batch_1.bin ... data_batch_5.bin and test_batch.bin (usually cifar-10-batches-bin)";

    private Cifar10() {
    }

    /** The 50 000 training images: data_batch_1.bin to data_batch_5.bin in {@code dir}. */
    public static ImageSet train(Path dir) {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= TRAIN_FILES; i++) {
            files.add(dir.resolve("data_batch_" + i + ".bin"));
        }
        return read(files);
    }

    /** The 10 000 test images: test_batch.bin in {@code dir}. */
    public static ImageSet test(Path dir) {
        return read(List.of(dir.resolve("test_batch.bin")));
    }

    /** Concatenates the records of the given batch files (each a whole number of records). */
    public static ImageSet read(List<Path> files) {
        List<byte[]> contents = new ArrayList<>();
        int count = 0;
        for (Path f : files) {
            byte[] b;
            try {
                if (!Files.isRegularFile(f)) {
                    throw new DataFileException(f, "missing: expected a CIFAR-10 binary batch file", HOW_TO_GET);
                }
                b = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new DataFileException(f, "unreadable (" + e.getMessage() + ")", HOW_TO_GET, e);
            }
            if (b.length == 0 || b.length % RECORD != 0) {
                throw new DataFileException(f, "corrupt: " + b.length + " bytes is not a whole number of "
                        + RECORD + "-byte records (1 label + 3x32x32 pixels)", HOW_TO_GET);
            }
            for (int r = 0; r < b.length / RECORD; r++) {
                int label = b[r * RECORD] & 0xff;
                if (label >= CLASSES) {
                    throw new DataFileException(f, "corrupt: record " + r + " has label " + label
                            + ", expected 0-9", HOW_TO_GET);
                }
            }
            contents.add(b);
            count += b.length / RECORD;
        }
        int size = RECORD - 1;
        byte[] pixels = new byte[count * size];
        int[] labels = new int[count];
        int k = 0;
        for (byte[] b : contents) {
            for (int r = 0; r < b.length / RECORD; r++, k++) {
                labels[k] = b[r * RECORD] & 0xff;
                System.arraycopy(b, r * RECORD + 1, pixels, k * size, size);
            }
        }
        return new ImageSet(pixels, labels, CHANNELS, SIDE, SIDE);
    }
}
