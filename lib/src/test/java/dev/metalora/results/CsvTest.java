package dev.metalora.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class CsvTest {

    @Test
    void rowsAreQuotedWhereNeededAndNumbersKeepFullPrecision(@TempDir Path dir) throws Exception {
        Csv csv = new Csv("value", "method", "final test loss").row(3, "LoRA-ML", 1.2345678901234e-5).row(5, "SR, plain", 0.1);
        Path file = csv.save(dir.resolve("sweep.csv"));
        assertEquals("value,method,final test loss\n3,LoRA-ML,1.2345678901234E-5\n5,\"SR, plain\",0.1\n",
                Files.readString(file));
        assertThrows(IllegalArgumentException.class, () -> csv.row(1, 2));
        assertThrows(IllegalArgumentException.class, () -> csv.save(dir.resolve("sweep.json")));
    }
}
