package dev.metalora.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** CIFAR-10 is not on this machine: the reader is checked on files written in its binary format. */
class Cifar10Test {

    @Test
    void readsRecordsAsLabelThenRedGreenBluePlanes(@TempDir Path dir) throws IOException {
        byte[] b = new byte[2 * 3073];
        b[0] = 7;
        b[1 + 1024 + 32 + 2] = (byte) 200; // image 0, green, row 1, column 2
        b[3073] = 3;
        b[3073 + 1 + 2048] = 9;            // image 1, blue, row 0, column 0
        Path f = dir.resolve("test_batch.bin");
        Files.write(f, b);
        ImageSet s = Cifar10.test(dir);
        assertEquals(2, s.size());
        assertArrayEquals(new int[]{7, 3}, s.labels());
        assertEquals(200, s.pixel(0, 1, 1, 2));
        assertEquals(9, s.pixel(1, 2, 0, 0));
        assertEquals(0, s.pixel(1, 0, 0, 0));
    }

    @Test
    void missingBatchNamesThePathAndWhereToGetIt(@TempDir Path dir) {
        DataFileException e = assertThrows(DataFileException.class, () -> Cifar10.train(dir));
        assertEquals(dir.resolve("data_batch_1.bin"), e.path());
        assertTrue(e.getMessage().contains("cifar-10-binary.tar.gz"), e.getMessage());
    }

    @Test
    void truncatedBatchOrBadLabelIsCorrupt(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("data_batch_1.bin");
        Files.write(f, new byte[3073 + 5]);
        DataFileException e = assertThrows(DataFileException.class, () -> Cifar10.read(List.of(f)));
        assertTrue(e.getMessage().contains("3073-byte records"), e.getMessage());
        byte[] bad = new byte[3073];
        bad[0] = 12;
        Files.write(f, bad);
        assertThrows(DataFileException.class, () -> Cifar10.read(List.of(f)));
    }
}
