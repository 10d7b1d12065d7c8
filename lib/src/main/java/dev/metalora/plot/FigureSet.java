package dev.metalora.plot;

import dev.metalora.display.Notebook;
import dev.metalora.display.PngRenderable;
import dev.metalora.results.Json;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Several named charts that belong together (the panels of a sweep's figure). Shows in a notebook
 * as one image, the charts in a grid; saves as that grid or as one file per chart.
 */
public final class FigureSet implements PngRenderable {
    static {
        Notebook.init();
    }

    private final Map<String, XYChart> charts;
    private final int columns;

    /** The charts in display order, laid out {@code columns} to a row. */
    public FigureSet(Map<String, XYChart> charts, int columns) {
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("charts: need at least one");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns: " + columns + " must be at least 1");
        }
        this.charts = new LinkedHashMap<>(charts);
        this.columns = Math.min(columns, charts.size());
    }

    public Set<String> names() {
        return charts.keySet();
    }

    public XYChart chart(String name) {
        XYChart c = charts.get(name);
        if (c == null) {
            throw new IllegalArgumentException("name: '" + name + "' is not one of " + charts.keySet());
        }
        return c;
    }

    public List<XYChart> charts() {
        return List.copyOf(charts.values());
    }

    /** All charts in one PNG, {@code columns} to a row. */
    @Override
    public byte[] png() {
        List<BufferedImage> images = new ArrayList<>();
        int cellWidth = 0, cellHeight = 0;
        for (XYChart chart : charts.values()) {
            BufferedImage image = BitmapEncoder.getBufferedImage(chart);
            images.add(image);
            cellWidth = Math.max(cellWidth, image.getWidth());
            cellHeight = Math.max(cellHeight, image.getHeight());
        }
        int rows = (images.size() + columns - 1) / columns;
        BufferedImage grid = new BufferedImage(columns * cellWidth, rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < images.size(); i++) {
            g.drawImage(images.get(i), (i % columns) * cellWidth, (i / columns) * cellHeight, null);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(grid, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode figure set " + charts.keySet(), e);
        }
        return out.toByteArray();
    }

    /** Writes the grid as one PNG (atomically). */
    public Path savePng(Path path) {
        return Json.saveAtomically(path, png());
    }

    /** Writes each chart to {@code dir/stem-NAME.png}; returns the paths in order. */
    public List<Path> saveEach(Path dir, String stem) {
        List<Path> paths = new ArrayList<>();
        charts.forEach((name, chart) -> paths.add(Charts.savePng(chart, dir.resolve(stem + "-" + name + ".png"))));
        return paths;
    }

    @Override
    public String toString() {
        return "FigureSet" + charts.keySet();
    }
}
