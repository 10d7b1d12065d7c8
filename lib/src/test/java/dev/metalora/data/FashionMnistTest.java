package dev.metalora.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The reader against the real files that {@code apt-get install dataset-fashion-mnist} installs. */
class FashionMnistTest {
    static ImageSet train;
    static ImageSet test;

    @BeforeAll
    static void load() {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR),
                "Fashion-MNIST not installed: run environment/setup (apt-get install dataset-fashion-mnist)");
        train = FashionMnist.train();
        test = FashionMnist.test();
    }

    @Test
    void readerReturnsTheDocumentedCountsAndShape() {
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertEquals(1, train.channels());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
    }

    @Test
    void labelsCoverZeroToNineEvenly() {
        // The data set is balanced by construction: 6000 training and 1000 test images per class.
        int[] counts = new int[10];
        for (int l : train.labels()) {
            counts[l]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(6000, counts[c], "class " + c);
        }
        int[] testCounts = new int[10];
        for (int l : test.labels()) {
            testCounts[l]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(1000, testCounts[c], "class " + c);
        }
    }

    @Test
    void pixelStatisticsMatchThePublishedValues() {
        // Widely quoted for the training split in [0,1] units: mean 0.2860, std 0.3530. Three
        // decimals are all those quotes carry, hence the 1e-3 tolerance.
        assertEquals(0.2860, train.mean(0), 1e-3);
        assertEquals(0.3530, train.std(0), 1e-3);
    }

    @Test
    void readsOneIdxFileWithItsDimensions() {
        IdxFile labels = FashionMnist.read(FashionMnist.DEFAULT_DIR.resolve("t10k-labels-idx1-ubyte.gz"));
        assertArrayEquals(new int[]{10_000}, labels.dims());
        assertEquals(test.label(0), labels.unsigned(0));
    }

    @Test
    void plainIdxFileReadsLikeTheGzippedOne(@TempDir Path dir) throws IOException {
        byte[] idx = idx(new int[]{3, 2, 2}, new byte[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255});
        Path plain = dir.resolve("x-idx3-ubyte");
        Files.write(plain, idx);
        Path gz = dir.resolve("x-idx3-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(idx);
        }
        IdxFile a = FashionMnist.read(plain);
        IdxFile b = FashionMnist.read(gz);
        assertArrayEquals(new int[]{3, 2, 2}, a.dims());
        assertArrayEquals(a.data(), b.data());
        assertEquals(255, a.unsigned(11));
    }

    @Test
    void missingFolderNamesThePathAndTheDebianPackage(@TempDir Path dir) {
        DataFileException e = assertThrows(DataFileException.class, () -> FashionMnist.train(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void corruptFilesAreRejectedWithTheReason(@TempDir Path dir) throws IOException {
        Path badMagic = dir.resolve("bad-magic");
        Files.write(badMagic, new byte[]{0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 7});
        DataFileException m = assertThrows(DataFileException.class, () -> FashionMnist.read(badMagic));
        assertTrue(m.getMessage().contains("magic number"), m.getMessage());
        assertTrue(m.getMessage().contains(badMagic.toString()), m.getMessage());

        Path truncated = dir.resolve("truncated");
        byte[] full = idx(new int[]{4}, new byte[]{1, 2, 3, 4});
        Files.write(truncated, java.util.Arrays.copyOf(full, full.length - 1));
        DataFileException t = assertThrows(DataFileException.class, () -> FashionMnist.read(truncated));
        assertTrue(t.getMessage().contains("truncated"), t.getMessage());

        Path tooLong = dir.resolve("long");
        Files.write(tooLong, java.util.Arrays.copyOf(full, full.length + 1));
        assertThrows(DataFileException.class, () -> FashionMnist.read(tooLong));

        // Right format, wrong content: 3 images instead of the documented 60 000.
        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(new int[]{3, 28, 28}, new byte[3 * 784]));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(new int[]{3}, new byte[3]));
        DataFileException c = assertThrows(DataFileException.class, () -> FashionMnist.train(dir));
        assertTrue(c.getMessage().contains("expected 60000"), c.getMessage());
    }

    static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(0x0800 | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }
}
