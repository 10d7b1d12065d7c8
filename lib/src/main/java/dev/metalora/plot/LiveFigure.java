package dev.metalora.plot;

import dev.metalora.display.LiveDisplay;
import dev.metalora.display.Notebook;
import dev.metalora.progress.ProgressSelection;
import org.knowm.xchart.XYChart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Training curves that redraw in place while a run goes on: in a notebook, a figure above the
 * progress bar, first drawn once the run has taken {@value #DELAY_MILLIS} ms and then at most once
 * every {@value #REDRAW_MILLIS} ms, replaced by the run's final figure when it ends
 * ({@link #finish}). Outside a notebook (JShell, a console, a test) it draws nothing and costs a
 * field read per point: the progress bar stays alone.
 *
 * <p>The training loops feed it {@code (step, value)} points, one curve per method, in named panels
 * ("retraining", "fine-tuning"). A curve keeps at most {@value #MAX_POINTS} points: past that it
 * keeps every second one and halves how often it records, so memory and drawing time stay bounded
 * over any number of steps. A redraw happens on the thread that adds the point that makes it due.
 * Thread-safe.
 *
 * <pre>{@code
 * try (LiveFigure live = LiveFigure.auto("LoRA-ML on sine waves")) {
 *     live.panel("retraining", "step", "training loss");
 *     LiveFigure.Curve c = live.curve("retraining", "LoRA-ML");
 *     ... c.add(step, loss) every step ...
 *     live.finish(result.plot());
 * }
 * }</pre>
 */
public final class LiveFigure implements AutoCloseable {
    /** How long a run goes before its curves are first drawn. */
    public static final long DELAY_MILLIS = 2000;
    /** The shortest time between two redraws. */
    public static final long REDRAW_MILLIS = 1000;
    /** Points kept per curve (the rest are thinned out evenly). */
    public static final int MAX_POINTS = 1000;
    private static final int PANEL_WIDTH = 560, PANEL_HEIGHT = 380;

    private record PanelSpec(String xTitle, String yTitle, boolean logY) {
    }

    /** One curve of a panel: call {@link #add} for every point, cheaply. */
    public final class Curve {
        private final List<double[]> points = new ArrayList<>();
        private long offered;
        private long stride = 1;

        private Curve() {
        }

        /** Adds the point {@code (x, y)}; redraws the figure when a redraw is due. */
        public void add(double x, double y) {
            if (display == null) {
                return;
            }
            synchronized (LiveFigure.this) {
                if (finished) {
                    return;
                }
                if (offered++ % stride == 0) {
                    points.add(new double[]{x, y});
                    if (points.size() >= MAX_POINTS) {
                        thin();
                    }
                }
                redrawIfDue();
            }
        }

        private void thin() {
            List<double[]> kept = new ArrayList<>(points.size() / 2 + 1);
            for (int i = 0; i < points.size(); i += 2) {
                kept.add(points.get(i));
            }
            points.clear();
            points.addAll(kept);
            stride *= 2;
        }

        int size() {
            synchronized (LiveFigure.this) {
                return points.size();
            }
        }
    }

    private final LiveDisplay display;
    private final LongSupplier nanos;
    private final long startNanos;
    private String title;
    private final Map<String, PanelSpec> panels = new LinkedHashMap<>();
    private final Map<String, Map<String, Curve>> curves = new LinkedHashMap<>();
    private long lastDrawNanos;
    private int redraws;
    private boolean drawn;
    private boolean finished;

    LiveFigure(String title, LiveDisplay display, LongSupplier nanos) {
        this.title = title;
        this.display = display;
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
    }

    /**
     * A live figure in a notebook (unless progress display is switched off with
     * {@code metalora.progress=none} or {@code console}, see {@link ProgressSelection}); an inert one
     * elsewhere.
     */
    public static LiveFigure auto(String title) {
        ProgressSelection.Mode mode = ProgressSelection.mode();
        LiveDisplay d = mode == ProgressSelection.Mode.AUTO || mode == ProgressSelection.Mode.NOTEBOOK
                ? Notebook.liveDisplay() : null;
        return new LiveFigure(title, d, System::nanoTime);
    }

    /** A figure that draws nothing. */
    public static LiveFigure none() {
        return new LiveFigure("", null, System::nanoTime);
    }

    /** A live figure drawing to {@code display} (a notebook's, or a test's). */
    public static LiveFigure on(LiveDisplay display, String title) {
        return new LiveFigure(title, display, System::nanoTime);
    }

    /** A live figure drawing to {@code display} on the time of {@code nanos} (tests give a clock of their own). */
    public static LiveFigure on(LiveDisplay display, String title, LongSupplier nanos) {
        return new LiveFigure(title, display, nanos);
    }

    /** Whether anything is drawn (false outside a notebook). */
    public boolean isLive() {
        return display != null;
    }

    /** The figure's title from now on (to say which trial runs, say). */
    public synchronized LiveFigure title(String title) {
        this.title = title;
        return this;
    }

    /** Declares a panel with a log y axis (losses span decades); panels are drawn in the order declared. */
    public LiveFigure panel(String name, String xTitle, String yTitle) {
        return panel(name, xTitle, yTitle, true);
    }

    /** Declares a panel. */
    public synchronized LiveFigure panel(String name, String xTitle, String yTitle, boolean logY) {
        panels.put(name, new PanelSpec(xTitle, yTitle, logY));
        curves.computeIfAbsent(name, k -> new LinkedHashMap<>());
        return this;
    }

    /**
     * A new curve {@code name} in {@code panel}, replacing any earlier curve of that name (the
     * previous trial's, say). The panel must have been declared.
     */
    public synchronized Curve curve(String panel, String name) {
        Map<String, Curve> inPanel = curves.get(panel);
        if (inPanel == null) {
            throw new IllegalArgumentException("panel: '" + panel + "' is not declared; declared: " + panels.keySet());
        }
        Curve c = new Curve();
        inPanel.put(name, c);
        return c;
    }

    /**
     * Replaces the live figure by the run's final figure (a chart or a {@link FigureSet}); shown
     * even when the run was too quick for a live frame. Later points are ignored. Outside a
     * notebook: nothing.
     */
    public synchronized void finish(Object finalFigure) {
        if (display == null || finished) {
            return;
        }
        finished = true;
        display.show(finalFigure);
    }

    /** Removes the live figure (for a run whose caller shows its final figure itself). */
    public synchronized void clear() {
        if (display == null || finished) {
            return;
        }
        finished = true;
        display.clear();
    }

    /**
     * Ends the figure. After neither {@link #finish} nor {@link #clear} (the run failed or was
     * interrupted) the last frame is drawn with every point so far and stays: nothing is lost.
     */
    @Override
    public synchronized void close() {
        if (display == null || finished) {
            return;
        }
        finished = true;
        if (drawn) {
            draw();
        } else {
            display.clear();
        }
    }

    /** Number of frames drawn so far (the final figure not counted). */
    public synchronized int redraws() {
        return redraws;
    }

    private void redrawIfDue() {
        long now = nanos.getAsLong();
        long due = drawn ? lastDrawNanos + REDRAW_MILLIS * 1_000_000L : startNanos + DELAY_MILLIS * 1_000_000L;
        if (now - due >= 0) {
            draw();
            // Timed after the drawing, so that a slow frame cannot make the next one due at once.
            lastDrawNanos = nanos.getAsLong();
        }
    }

    private void draw() {
        Object frame = frame();
        if (frame == null) {
            return;
        }
        display.show(frame);
        drawn = true;
        redraws++;
    }

    /** The current frame: one chart per panel that has points, side by side; null when none has. */
    Object frame() {
        Map<String, XYChart> charts = new LinkedHashMap<>();
        panels.forEach((name, spec) -> {
            Figure f = Figure.titled(panels.size() == 1 ? title : title + ": " + name)
                    .axes(spec.xTitle(), spec.yTitle()).size(PANEL_WIDTH, PANEL_HEIGHT);
            if (spec.logY()) {
                f.logY();
            }
            curves.get(name).forEach((curve, c) -> {
                if (!c.points.isEmpty()) {
                    double[] x = new double[c.points.size()];
                    double[] y = new double[x.length];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = c.points.get(i)[0];
                        y[i] = c.points.get(i)[1];
                    }
                    f.curve(curve, x, y);
                }
            });
            if (f.dataSeries() > 0) {
                charts.put(name, f.build());
            }
        });
        if (charts.isEmpty()) {
            return null;
        }
        return charts.size() == 1 ? charts.values().iterator().next() : new FigureSet(charts, charts.size());
    }
}
