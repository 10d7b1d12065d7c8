package dev.metalora;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    @Test
    void runWritesTheHeadlineAndTheTasksSweepResultsAndFigures(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Main.main(new String[] {"run", "--out", dir.toString()});
        var json = dev.metalora.results.Json.mapper().readTree(dir.resolve("results/linear-headline.json").toFile());
        assertEquals(5, json.get("config").get("trials").asInt());
        assertEquals(10001, json.get("methods").get("lora-ml").get("testLossCurve").size());
        byte[] png = java.nio.file.Files.readAllBytes(dir.resolve("figures/linear-headline.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        var sweep = dev.metalora.results.Json.mapper().readTree(dir.resolve("results/linear-vary-tasks.json").toFile());
        assertEquals("[2,3,5]", sweep.get("values").toString());
        assertEquals(3, sweep.get("runs").size());
        assertEquals(1 + 3 * 2 * 5, java.nio.file.Files.readAllLines(dir.resolve("results/linear-vary-tasks.csv")).size());
        var grid = javax.imageio.ImageIO.read(dir.resolve("figures/linear-vary-tasks.png").toFile());
        assertTrue(grid.getWidth() >= 1000 && grid.getHeight() >= 1000, grid.getWidth() + "x" + grid.getHeight());
    }

    @Test
    void wrongArgumentsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Main.main(new String[] {"run"}));
        assertTrue(e.getMessage().contains("run --out DIR"));
    }
}
