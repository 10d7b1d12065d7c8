package dev.metalora.plot;

import dev.metalora.display.Notebook;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds an XChart {@link XYChart} from plain numbers: mean curves with a translucent min-max band,
 * points against a parameter, dashed theory curves and horizontal reference lines, and power laws
 * with their fitted slope in the legend. Knows nothing of experiments.
 *
 * <pre>{@code
 * XYChart c = Figure.titled("Unseen task").axes("fine-tuning step", "test loss").logY()
 *         .band("LoRA-ML", steps, mean, min, max)
 *         .horizontal("SR floor (theory)", floor)
 *         .build();
 * Charts.savePng(c, Path.of("out/figures/loss.png"));
 * }</pre>
 *
 * Each data series gets its own colour and marker, in the order added. A curve is drawn as three
 * XChart series: its band ({@code "NAME band"}), its line ({@code "NAME line"}) and a few markers
 * ({@code "NAME"}, the only one in the legend, showing line and marker). On a log axis, values that
 * are not positive are left out of lines and a band's lower edge is clamped to the smallest
 * positive value drawn.
 */
public final class Figure {
    static {
        Notebook.init();
    }

    /** Okabe-Ito colours (distinguishable with colour-blindness), then greys. */
    private static final Color[] COLOURS = {
            new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
            new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233),
            new Color(0, 0, 0), new Color(120, 120, 120)};
    private static final Marker[] MARKERS = {
            SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
            SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS, SeriesMarkers.OVAL};
    private static final Color REFERENCE = new Color(60, 60, 60);
    private static final BasicStroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
            10f, new float[]{7f, 5f}, 0f);
    private static final BasicStroke DOTTED = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND,
            10f, new float[]{1f, 5f}, 0f);
    private static final int MARKERS_PER_CURVE = 8;
    private static final float BAND_ALPHA = 0.18f;

    /** The colour of the {@code i}-th data series (cycling). */
    public static Color colour(int i) {
        return COLOURS[Math.floorMod(i, COLOURS.length)];
    }

    private record Spec(Kind kind, String name, double[] x, double[] y, double[] lo, double[] hi, int colour) {
    }

    private enum Kind { CURVE, POINTS, DASHED, DOTTED, HORIZONTAL }

    private final String title;
    private String xTitle = "x";
    private String yTitle = "y";
    private boolean logX;
    private boolean logY;
    private int width = 900;
    private int height = 560;
    private final List<Spec> specs = new ArrayList<>();
    private int dataSeries;

    private Figure(String title) {
        this.title = title;
    }

    public static Figure titled(String title) {
        return new Figure(title);
    }

    /** Axis titles (every figure has them). */
    public Figure axes(String xTitle, String yTitle) {
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        return this;
    }

    public Figure logX() {
        logX = true;
        return this;
    }

    public Figure logY() {
        logY = true;
        return this;
    }

    public Figure size(int width, int height) {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("size: " + width + "x" + height + " must be at least 100x100");
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /** A mean curve with a translucent band between {@code min} and {@code max}, all over {@code x}. */
    public Figure band(String name, double[] x, double[] mean, double[] min, double[] max) {
        return data(Kind.CURVE, name, x, mean, min, max);
    }

    /** A curve without band (markers on a few points). */
    public Figure curve(String name, double[] x, double[] y) {
        return data(Kind.CURVE, name, x, y, null, null);
    }

    /** Points joined by a line, a marker on every point: a value against a parameter. */
    public Figure points(String name, double[] x, double[] y) {
        return data(Kind.POINTS, name, x, y, null, null);
    }

    /** Points with a min-max band, a marker on every point. */
    public Figure points(String name, double[] x, double[] mean, double[] min, double[] max) {
        return data(Kind.POINTS, name, x, mean, min, max);
    }

    private Figure data(Kind kind, String name, double[] x, double[] y, double[] lo, double[] hi) {
        if (lo == null) {
            checkLengths(name, x, y);
        } else {
            checkLengths(name, x, y, lo, hi);
        }
        specs.add(new Spec(kind, name, x.clone(), y.clone(), lo == null ? null : lo.clone(),
                hi == null ? null : hi.clone(), dataSeries++));
        return this;
    }

    /** A dashed curve (a theoretical prediction), in a neutral grey. */
    public Figure dashed(String name, double[] x, double[] y) {
        return dashed(name, x, y, -1);
    }

    /** A dashed curve in the colour of data series {@code colourOf} (its index in adding order). */
    public Figure dashed(String name, double[] x, double[] y, int colourOf) {
        checkLengths(name, x, y);
        specs.add(new Spec(Kind.DASHED, name, x.clone(), y.clone(), null, null, colourOf));
        return this;
    }

    /** A dotted curve in a neutral grey: a second prediction beside a dashed one. */
    public Figure dotted(String name, double[] x, double[] y) {
        checkLengths(name, x, y);
        specs.add(new Spec(Kind.DOTTED, name, x.clone(), y.clone(), null, null, -1));
        return this;
    }

    /** A dashed horizontal line across the data's x range, in a neutral grey. */
    public Figure horizontal(String name, double y) {
        return horizontal(name, y, -1);
    }

    /** A dashed horizontal line in the colour of data series {@code colourOf}. */
    public Figure horizontal(String name, double y, int colourOf) {
        specs.add(new Spec(Kind.HORIZONTAL, name, null, new double[]{y}, null, null, colourOf));
        return this;
    }

    /**
     * Points with the least-squares power law through them (on logs) drawn dashed in the same colour;
     * the legend shows the fitted slope. Use with {@link #logX()} and {@link #logY()}.
     */
    public Figure powerLaw(String name, double[] x, double[] y) {
        PowerLawFit fit = PowerLawFit.fit(x, y);
        int colour = dataSeries;
        points(name, x, y);
        double[] fx = {Arrays.stream(x).min().orElseThrow(), Arrays.stream(x).max().orElseThrow()};
        double[] fy = {fit.at(fx[0]), fit.at(fx[1])};
        return dashed(String.format("%s: fitted slope %.2f", name, fit.slope()), fx, fy, colour);
    }

    /** Number of data series added so far (the next one gets colour and marker of this index). */
    public int dataSeries() {
        return dataSeries;
    }

    public XYChart build() {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).theme(Styler.ChartTheme.XChart).build();
        var styler = chart.getStyler();
        styler.setXAxisLogarithmic(logX).setYAxisLogarithmic(logY);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setMarkerSize(7);
        styler.setAntiAlias(true);
        styler.setXAxisTickMarkSpacingHint(110);
        if (logY) {
            styler.setYAxisDecimalPattern("0.#E0");
        }
        if (!logX) {
            styler.setXAxisDecimalPattern("#.###");
        }
        if (specs.isEmpty()) {
            throw new IllegalStateException("figure '" + title + "' has no series");
        }
        double[] xRange = xRange();
        for (Spec s : specs) {
            switch (s.kind()) {
                case CURVE -> addCurve(chart, s, false);
                case POINTS -> addCurve(chart, s, true);
                case DASHED -> addReference(chart, s.name(), s.x(), s.y(), s.colour(), DASHED);
                case DOTTED -> addReference(chart, s.name(), s.x(), s.y(), s.colour(), DOTTED);
                case HORIZONTAL -> addReference(chart, s.name(), xRange, new double[]{s.y()[0], s.y()[0]}, s.colour(), DASHED);
            }
        }
        return chart;
    }

    private void addCurve(XYChart chart, Spec s, boolean markEveryPoint) {
        Color colour = colour(s.colour());
        Marker marker = MARKERS[Math.floorMod(s.colour(), MARKERS.length)];
        double[] y = drawable(s.y());
        // The line leads with a NaN point at the last x: XChart treats an x axis whose values, in
        // the order first added, are equally spaced as categorical and puts ticks on data values
        // (0, 556, 1112, ...); the out-of-order lead gives it ordinary round ticks. NaN draws nothing.
        double[] leadX = new double[y.length + 1];
        double[] leadY = new double[y.length + 1];
        leadX[0] = s.x()[y.length - 1];
        leadY[0] = Double.NaN;
        System.arraycopy(s.x(), 0, leadX, 1, y.length);
        System.arraycopy(y, 0, leadY, 1, y.length);
        XYSeries line = chart.addSeries(s.name() + " line", leadX, leadY);
        line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        line.setLineColor(colour);
        line.setLineWidth(1.8f);
        line.setMarker(SeriesMarkers.NONE);
        line.setShowInLegend(false);
        if (s.lo() != null) {
            XYSeries band = chart.addSeries(s.name() + " band", polygonX(s.x()), polygonY(s.lo(), s.hi()));
            band.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(translucent(colour));
            band.setLineColor(translucent(colour));
            band.setLineStyle(SeriesLines.NONE);
            band.setMarker(SeriesMarkers.NONE);
            band.setShowInLegend(false);
        }
        // The legend entry: markers on a few points, NaN between them so that no segment is drawn
        // (XChart breaks a line at NaN); the legend shows both its line and its marker.
        double[] marks = new double[y.length];
        Arrays.fill(marks, Double.NaN);
        for (int i : markerIndices(s.x(), markEveryPoint ? y.length : MARKERS_PER_CURVE, s.colour())) {
            marks[i] = y[i];
        }
        XYSeries legend = chart.addSeries(s.name(), s.x(), marks);
        legend.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        legend.setLineColor(colour);
        legend.setLineWidth(1.8f);
        legend.setMarker(marker);
        legend.setMarkerColor(colour);
    }

    private void addReference(XYChart chart, String name, double[] x, double[] y, int colourOf, BasicStroke stroke) {
        XYSeries s = chart.addSeries(name, x, drawable(y));
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setLineStyle(stroke);
        s.setLineColor(colourOf < 0 ? REFERENCE : colour(colourOf));
        s.setMarker(SeriesMarkers.NONE);
    }

    /** Indices of about {@code count} points, evenly spread along x (in log x on a log axis), staggered per series. */
    private int[] markerIndices(double[] x, int count, int series) {
        int n = x.length;
        if (count >= n) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        double lo = pos(x[0]), hi = pos(x[n - 1]);
        double shift = (Math.floorMod(series, 4) + 0.5) / 4.0;
        int[] out = new int[count];
        int j = 0;
        for (int m = 0; m < count; m++) {
            double target = lo + (hi - lo) * (m + shift) / count;
            while (j < n - 1 && pos(x[j]) < target) {
                j++;
            }
            out[m] = j;
        }
        return Arrays.stream(out).distinct().toArray();
    }

    private double pos(double x) {
        return logX ? Math.log(Math.max(x, Double.MIN_NORMAL)) : x;
    }

    /** On a log y axis: non-positive values become NaN (left out of the line). */
    private double[] drawable(double[] y) {
        if (!logY) {
            return y;
        }
        double[] out = y.clone();
        for (int i = 0; i < out.length; i++) {
            if (!(out[i] > 0)) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    private static double[] polygonX(double[] x) {
        int n = x.length;
        double[] out = new double[2 * n];
        for (int i = 0; i < n; i++) {
            out[i] = x[i];
            out[2 * n - 1 - i] = x[i];
        }
        return out;
    }

    /** Forward along the upper edge, back along the lower edge (clamped positive on a log axis). */
    private double[] polygonY(double[] lo, double[] hi) {
        int n = lo.length;
        double floor = Double.POSITIVE_INFINITY;
        if (logY) {
            for (int i = 0; i < n; i++) {
                if (lo[i] > 0) {
                    floor = Math.min(floor, lo[i]);
                }
                if (hi[i] > 0) {
                    floor = Math.min(floor, hi[i]);
                }
            }
            if (floor == Double.POSITIVE_INFINITY) {
                floor = 1e-300;
            }
        }
        double[] out = new double[2 * n];
        for (int i = 0; i < n; i++) {
            out[i] = logY ? Math.max(hi[i], floor) : hi[i];
            out[2 * n - 1 - i] = logY ? Math.max(lo[i], floor) : lo[i];
        }
        return out;
    }

    private double[] xRange() {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (Spec s : specs) {
            if (s.x() != null) {
                for (double v : s.x()) {
                    if (Double.isFinite(v) && (!logX || v > 0)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
        }
        if (min == Double.POSITIVE_INFINITY) {
            throw new IllegalStateException("figure '" + title + "': a horizontal line needs a data series for its x range");
        }
        return new double[]{min, max};
    }

    private static Color translucent(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.round(255 * BAND_ALPHA));
    }

    private static void checkLengths(String name, double[] x, double[]... ys) {
        if (x.length == 0) {
            throw new IllegalArgumentException("series '" + name + "': x is empty");
        }
        for (double[] y : ys) {
            if (y.length != x.length) {
                throw new IllegalArgumentException("series '" + name + "': " + y.length
                        + " values for " + x.length + " x values");
            }
        }
    }
}
