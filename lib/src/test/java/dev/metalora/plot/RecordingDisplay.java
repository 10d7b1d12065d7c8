package dev.metalora.plot;

import dev.metalora.display.LiveDisplay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A notebook display for tests: records every value shown, and "cleared" for each clear. */
public final class RecordingDisplay implements LiveDisplay {
    public final List<Object> shown = new ArrayList<>();

    /**
     * Makes every run's {@link LiveRun} figure draw here, on a clock that runs 100 ms per reading
     * (so even a tiny run looks long enough for live frames); undo with {@link #restore()}.
     */
    public static RecordingDisplay install() {
        RecordingDisplay display = new RecordingDisplay();
        AtomicLong clock = new AtomicLong();
        LiveRun.figures = title -> LiveFigure.on(display, title, () -> clock.addAndGet(100_000_000L));
        return display;
    }

    /** Live figures as a real run makes them again. */
    public static void restore() {
        LiveRun.figures = LiveFigure::auto;
    }

    @Override
    public synchronized void show(Object value) {
        shown.add(value);
    }

    @Override
    public synchronized void clear() {
        shown.add("cleared");
    }
}
