package dev.metalora.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class ShowTest {

    @Test
    void headlessShowSavesADecodablePngUnderTheOutFolderNamedAfterTheTitle(@TempDir Path dir) throws Exception {
        // Tests run with java.awt.headless=true and outside a kernel: show must fall back to a file.
        String before = System.getProperty(Show.OUT_PROPERTY);
        System.setProperty(Show.OUT_PROPERTY, dir.toString());
        try {
            var chart = Figure.titled("Loss vs step, d=10").axes("step", "loss")
                    .points("a", new double[] {1, 2, 3}, new double[] {3, 2, 1}).build();
            Path png = Show.show(chart);
            assertEquals(dir.resolve("figures/loss-vs-step-d-10.png"), png);
            var image = ImageIO.read(png.toFile());
            assertNotNull(image, "the saved file decodes as an image");
            assertEquals(chart.getWidth(), image.getWidth());

            Path grid = Show.show(new FigureSet(Map.of("left", chart, "right", chart), 2));
            assertEquals(2 * chart.getWidth(), ImageIO.read(grid.toFile()).getWidth());
            assertEquals(2, Files.list(dir.resolve("figures")).count());
        } finally {
            if (before == null) {
                System.clearProperty(Show.OUT_PROPERTY);
            } else {
                System.setProperty(Show.OUT_PROPERTY, before);
            }
        }
    }
}
