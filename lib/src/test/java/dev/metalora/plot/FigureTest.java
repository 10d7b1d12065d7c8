package dev.metalora.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class FigureTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Two decaying loss curves over 1000 steps with bands spanning a factor 4 around the mean. */
    private static XYChart twoBands() {
        double[] x = new double[1000];
        double[][] mean = new double[2][1000], lo = new double[2][1000], hi = new double[2][1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            for (int s = 0; s < 2; s++) {
                mean[s][i] = Math.pow(10, -s * 4) * Math.exp(-i / 200.0) + 1e-7;
                lo[s][i] = mean[s][i] / 2;
                hi[s][i] = mean[s][i] * 2;
            }
        }
        return Figure.titled("Unseen task").axes("fine-tuning step", "test loss").logY()
                .band("SR", x, mean[0], lo[0], hi[0])
                .band("LoRA-ML", x, mean[1], lo[1], hi[1])
                .horizontal("SR floor (theory)", 0.3)
                .build();
    }

    private static List<String> legend(XYChart chart) {
        return chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend)
                .map(XYSeries::getName).collect(Collectors.toList());
    }

    @Test
    void bandChartHasOneLegendEntryPerCurveAndReferenceLineAndLogY() {
        XYChart chart = twoBands();
        assertEquals(List.of("SR", "LoRA-ML", "SR floor (theory)"), legend(chart));
        // band + line + legend/markers per curve, one dashed line
        assertEquals(2 * 3 + 1, chart.getSeriesMap().size());
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertFalse(chart.getStyler().isXAxisLogarithmic());
        assertEquals("fine-tuning step", chart.getXAxisTitle());
        assertEquals("test loss", chart.getYAxisTitle());
        XYSeries band = chart.getSeriesMap().get("SR band");
        assertEquals(XYSeries.XYSeriesRenderStyle.PolygonArea, band.getXYSeriesRenderStyle());
        assertTrue(band.getFillColor().getAlpha() < 255, "band is translucent");
        assertNotEquals(chart.getSeriesMap().get("SR").getLineColor(), chart.getSeriesMap().get("LoRA-ML").getLineColor());
        assertNotEquals(chart.getSeriesMap().get("SR").getMarker(), chart.getSeriesMap().get("LoRA-ML").getMarker());
    }

    @Test
    void pngExportWritesADecodableImageOfTheChartsSize(@TempDir Path dir) throws Exception {
        XYChart chart = twoBands();
        Path file = Charts.savePng(chart, dir.resolve("figures/loss.png"));
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(bytes, 8));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertNotNull(image, "ImageIO decodes the PNG");
        assertEquals(900, image.getWidth());
        assertEquals(560, image.getHeight());
        // A drawn chart (text, lines, bands) compresses to tens of kilobytes; a blank one to ~2 KB.
        assertTrue(bytes.length > 10_000 && bytes.length < 2_000_000, "size " + bytes.length);
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.collect(Collectors.toList()), "no temporary file left");
        }
    }

    @Test
    void svgExportWritesAnSvgDocument(@TempDir Path dir) throws Exception {
        Path file = Charts.save(twoBands(), dir.resolve("loss.svg"));
        String svg = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(svg.contains("<svg"), "an <svg> element");
        assertThrows(IllegalArgumentException.class, () -> Charts.save(twoBands(), dir.resolve("loss.gif")));
    }

    @Test
    void powerLawFigureIsLogLogAndShowsTheFittedSlope() {
        double[] n = {25, 50, 100, 200, 400};
        double[] loss = Arrays.stream(n).map(v -> 3.0 / v).toArray();
        XYChart chart = Figure.titled("Rate").axes("n", "test loss").logX().logY()
                .powerLaw("LoRA-ML", n, loss)
                .dashed("theory k d / n", n, loss)
                .build();
        assertTrue(chart.getStyler().isXAxisLogarithmic() && chart.getStyler().isYAxisLogarithmic());
        assertEquals(List.of("LoRA-ML", "LoRA-ML: fitted slope -1.00", "theory k d / n"), legend(chart));
    }

    @Test
    void pointsAgainstAParameterCarryAMarkerOnEveryPoint() {
        double[] t = {2, 3, 5};
        XYChart chart = Figure.titled("Final loss").axes("tasks T", "final test loss").logY()
                .points("LoRA-ML", t, new double[]{1e-4, 1e-5, 2e-5}, new double[]{5e-5, 5e-6, 1e-5},
                        new double[]{2e-4, 2e-5, 4e-5})
                .dashed("SR floor (theory)", t, new double[]{0, 41, 39})
                .build();
        double[] marks = chart.getSeriesMap().get("LoRA-ML").getYData();
        assertTrue(Arrays.stream(marks).noneMatch(Double::isNaN));
        // The floor's 0 at T = 2 cannot be drawn on a log axis: left out, not an error.
        assertTrue(Double.isNaN(chart.getSeriesMap().get("SR floor (theory)").getYData()[0]));
        Charts.png(chart);
    }

    @Test
    void badSeriesNameTheProblem() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Figure.titled("t").curve("c", new double[]{1, 2}, new double[]{1}));
        assertTrue(e.getMessage().contains("'c'"));
        assertThrows(IllegalStateException.class, () -> Figure.titled("empty").build());
    }
}
