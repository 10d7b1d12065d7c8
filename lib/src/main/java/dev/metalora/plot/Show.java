package dev.metalora.plot;

import dev.metalora.display.Notebook;
import dev.metalora.results.Json;
import org.knowm.xchart.SwingWrapper;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Shows a figure wherever the user is: inline in a notebook, in a window where a display exists
 * (JShell on a desktop), and otherwise (headless JShell, a server) saved as a PNG under
 * {@code <metalora.out>/figures/}, whose path is printed.
 */
public final class Show {
    /** System property (set by environment/jshell) naming the output folder; default {@code out}. */
    public static final String OUT_PROPERTY = "metalora.out";

    private Show() {
    }

    /** Shows one chart; returns the PNG written when headless, or {@code null}. */
    public static Path show(Chart<?, ?> chart) {
        if (Notebook.display(chart)) {
            return null;
        }
        if (!GraphicsEnvironment.isHeadless()) {
            new SwingWrapper<>(chart).displayChart();
            return null;
        }
        return saved(chart.getTitle(), Charts.png(chart));
    }

    /** Shows a group of charts (a sweep's panels); returns the PNG written when headless, or {@code null}. */
    public static Path show(FigureSet figures) {
        if (Notebook.display(figures)) {
            return null;
        }
        if (!GraphicsEnvironment.isHeadless()) {
            List<XYChart> charts = figures.charts();
            new SwingWrapper<>(charts).displayChartMatrix();
            return null;
        }
        return saved(String.join("-", figures.names()), figures.png());
    }

    /** Where a headless show writes: {@code <metalora.out>/figures/<slug of name>.png}. */
    static Path target(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        Path out = Path.of(System.getProperty(OUT_PROPERTY, System.getenv().getOrDefault("METALORA_OUT", "out")));
        return out.resolve("figures").resolve((slug.isEmpty() ? "figure" : slug) + ".png");
    }

    private static Path saved(String name, byte[] png) {
        Path path = Json.saveAtomically(target(name), png);
        System.out.println("saved " + path + " (no display: set DISPLAY, or open the file)");
        return path;
    }
}
