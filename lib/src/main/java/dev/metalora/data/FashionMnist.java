package dev.metalora.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017): 70 000 grey 28x28 images of clothing in 10 classes,
 * 60 000 for training and 10 000 for testing, in IDX files (gzipped or plain). By default read from
 * where Debian's {@code dataset-fashion-mnist} package installs them.
 */
public final class FashionMnist {
    /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int CLASSES = 10;
    public static final int SIDE = 28;
    public static final int TRAIN_SIZE = 60_000;
    public static final int TEST_SIZE = 10_000;

    static final String HOW_TO_GET = "Install it with 'sudo apt-get install dataset-fashion-mnist' "
            + "(files under " + DEFAULT_DIR + "), or download the four *-ubyte.gz files from "
            + "https://github.com/zalandoresearch/fashion-mnist into a folder and pass that folder";

    private static final int UNSIGNED_BYTE = 0x08;

    private FashionMnist() {
    }

    /** The 60 000 training images from the default folder. */
    public static ImageSet train() {
        return train(DEFAULT_DIR);
    }

    /** The 10 000 test images from the default folder. */
    public static ImageSet test() {
        return test(DEFAULT_DIR);
    }

    public static ImageSet train(Path dir) {
        return load(dir, "train", TRAIN_SIZE);
    }

    public static ImageSet test(Path dir) {
        return load(dir, "t10k", TEST_SIZE);
    }

    private static ImageSet load(Path dir, String prefix, int expected) {
        Path images = locate(dir, prefix + "-images-idx3-ubyte");
        Path labels = locate(dir, prefix + "-labels-idx1-ubyte");
        IdxFile x = read(images);
        IdxFile y = read(labels);
        int[] d = x.dims();
        if (d.length != 3 || d[1] != SIDE || d[2] != SIDE) {
            throw new DataFileException(images, "expected images of shape [N, 28, 28], got "
                    + java.util.Arrays.toString(d), HOW_TO_GET);
        }
        if (y.dims().length != 1) {
            throw new DataFileException(labels, "expected a one-dimensional label file, got dimensions "
                    + java.util.Arrays.toString(y.dims()), HOW_TO_GET);
        }
        if (x.count() != expected || y.count() != expected) {
            throw new DataFileException(images, "expected " + expected + " images and labels, got "
                    + x.count() + " images and " + y.count() + " labels", HOW_TO_GET);
        }
        int[] l = new int[y.count()];
        for (int i = 0; i < l.length; i++) {
            l[i] = y.unsigned(i);
            if (l[i] >= CLASSES) {
                throw new DataFileException(labels, "expected labels 0-9, found " + l[i] + " at position " + i,
                        HOW_TO_GET);
            }
        }
        return new ImageSet(x.data(), l, 1, SIDE, SIDE);
    }

    /** {@code name.gz} if present, else {@code name}; an error naming both when neither exists. */
    private static Path locate(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new DataFileException(gz, "missing (nor is " + plain.getFileName()
                + " there): expected the Fashion-MNIST IDX file " + name, HOW_TO_GET);
    }

    /**
     * Reads one IDX file of unsigned bytes, gzipped (recognised by its magic bytes) or plain. Checks
     * the magic number ({@code 0x00 0x00 0x08 ndims}), positive dimensions and that the file holds
     * exactly the announced number of bytes.
     */
    public static IdxFile read(Path path) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            DataInputStream data = new DataInputStream(in);
            int magic = data.readInt();
            int type = (magic >>> 8) & 0xff;
            int ndims = magic & 0xff;
            if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || ndims < 1 || ndims > 4) {
                throw new DataFileException(path, String.format(
                        "not an IDX file of unsigned bytes: magic number 0x%08x, expected 0x000008NN with 1-4 dimensions",
                        magic), HOW_TO_GET);
            }
            int[] dims = new int[ndims];
            long total = 1;
            for (int i = 0; i < ndims; i++) {
                dims[i] = data.readInt();
                if (dims[i] <= 0) {
                    throw new DataFileException(path, "dimension " + i + " is " + dims[i] + ", expected positive",
                            HOW_TO_GET);
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new DataFileException(path, "announces " + total + " bytes, more than fit in memory here",
                        HOW_TO_GET);
            }
            byte[] bytes = new byte[(int) total];
            try {
                data.readFully(bytes);
            } catch (EOFException e) {
                throw new DataFileException(path, "truncated: the header announces " + total + " data bytes", HOW_TO_GET, e);
            }
            if (data.read() != -1) {
                throw new DataFileException(path, "longer than the " + total + " data bytes its header announces",
                        HOW_TO_GET);
            }
            return new IdxFile(dims, bytes);
        } catch (NoSuchFileException e) {
            throw new DataFileException(path, "missing: expected an IDX file", HOW_TO_GET, e);
        } catch (DataFileException e) {
            throw e;
        } catch (IOException e) {
            throw new DataFileException(path, "unreadable or corrupt (" + e.getMessage() + "): expected an IDX file",
                    HOW_TO_GET, e);
        }
    }
}
