package dev.metalora.plot;

import dev.metalora.results.Json;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/** Encodes charts as PNG or SVG bytes and saves them atomically (temporary file, then rename). */
public final class Charts {
    private Charts() {
    }

    /** The chart as PNG bytes at its own width and height. */
    public static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart '" + chart.getTitle() + "' as PNG", e);
        }
    }

    /** The chart as SVG text bytes (UTF-8). */
    public static byte[] svg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart '" + chart.getTitle() + "' as SVG", e);
        }
        return out.toByteArray();
    }

    public static Path savePng(Chart<?, ?> chart, Path path) {
        return Json.saveAtomically(path, png(chart));
    }

    public static Path saveSvg(Chart<?, ?> chart, Path path) {
        return Json.saveAtomically(path, svg(chart));
    }

    /** Saves as PNG or SVG according to the file name's extension ({@code .png} or {@code .svg}). */
    public static Path save(Chart<?, ?> chart, Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return savePng(chart, path);
        }
        if (name.endsWith(".svg")) {
            return saveSvg(chart, path);
        }
        throw new IllegalArgumentException("path: '" + path + "' must end in .png or .svg");
    }
}
