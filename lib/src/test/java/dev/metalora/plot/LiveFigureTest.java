package dev.metalora.plot;

import dev.metalora.display.LiveDisplay;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class LiveFigureTest {

    /** Records every frame, encoded as a notebook would show it (PNG). */
    private static final class Recorder implements LiveDisplay {
        final List<Object> shown = new ArrayList<>();
        int clears;

        @Override
        public void show(Object value) {
            byte[] png = value instanceof XYChart c ? Charts.png(c) : ((FigureSet) value).png();
            try {
                assertNotNull(ImageIO.read(new ByteArrayInputStream(png)), "frame decodes as PNG");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            shown.add(value);
        }

        @Override
        public void clear() {
            clears++;
        }
    }

    private static final long MS = 1_000_000L;

    @Test
    void redrawsAtMostOncePerSecondAfterTheDelayAndTheFinalFigureReplacesTheLiveOne() {
        AtomicLong clock = new AtomicLong();
        Recorder display = new Recorder();
        LiveFigure live = new LiveFigure("run", display, clock::get);
        live.panel("retraining", "step", "training loss").panel("fine-tuning", "step", "test loss");
        LiveFigure.Curve train = live.curve("retraining", "LoRA-ML");
        LiveFigure.Curve fine = live.curve("fine-tuning", "LoRA-ML + LoRA");
        // 6.5 simulated seconds, a point every 5 ms on each curve.
        int steps = 1300;
        for (int s = 0; s < steps; s++) {
            clock.addAndGet(5 * MS);
            train.add(s, Math.exp(-s / 300.0));
            fine.add(s, 1.0 / (1 + s));
        }
        double elapsedSeconds = clock.get() / 1e9;
        // First frame at 2 s, then one per second: 2, 3, 4, 5, 6.
        assertEquals(5, live.redraws());
        assertTrue(live.redraws() <= elapsedSeconds - LiveFigure.DELAY_MILLIS / 1000.0 + 1, "bounded by elapsed seconds");
        assertInstanceOf(FigureSet.class, display.shown.get(0), "two panels side by side");

        XYChart finalFigure = Figure.titled("final").axes("step", "loss").curve("c", new double[]{0, 1}, new double[]{1, 2}).build();
        live.finish(finalFigure);
        assertSame(finalFigure, display.shown.get(display.shown.size() - 1), "the final figure replaces the live one");
        train.add(steps, 0.1);
        clock.addAndGet(5000 * MS);
        train.add(steps + 1, 0.1);
        live.close();
        assertEquals(6, display.shown.size(), "nothing drawn after finish");
        assertEquals(0, display.clears);
    }

    @Test
    void aQuickRunDrawsNoLiveFrameButStillShowsItsFinalFigure() {
        AtomicLong clock = new AtomicLong();
        Recorder display = new Recorder();
        LiveFigure live = new LiveFigure("run", display, clock::get);
        live.panel("retraining", "step", "loss");
        LiveFigure.Curve c = live.curve("retraining", "SR");
        for (int s = 0; s < 100; s++) {
            clock.addAndGet(10 * MS); // 1 s in all, shorter than the delay
            c.add(s, 1);
        }
        assertEquals(0, live.redraws());
        XYChart finalFigure = Figure.titled("final").axes("x", "y").curve("c", new double[]{0, 1}, new double[]{1, 2}).build();
        live.finish(finalFigure);
        assertEquals(List.of(finalFigure), display.shown);
    }

    @Test
    void aFailedRunKeepsItsLastFrameWithEveryPoint() {
        AtomicLong clock = new AtomicLong();
        Recorder display = new Recorder();
        LiveFigure live = new LiveFigure("run", display, clock::get);
        live.panel("retraining", "step", "loss");
        LiveFigure.Curve c = live.curve("retraining", "SR");
        for (int s = 0; s < 300; s++) {
            clock.addAndGet(10 * MS);
            c.add(s, 1 + s);
        }
        int frames = display.shown.size();
        live.close(); // as try-with-resources does when the run throws
        assertEquals(frames + 1, display.shown.size(), "a last frame drawn at close");
        XYChart last = (XYChart) display.shown.get(frames);
        double[] x = last.getSeriesMap().get("SR line").getXData();
        assertEquals(299, x[x.length - 1], "the last frame holds the last point");
    }

    @Test
    void curvesStayBoundedOverManySteps() {
        AtomicLong clock = new AtomicLong();
        LiveFigure live = new LiveFigure("run", new Recorder(), clock::get);
        live.panel("retraining", "step", "loss");
        LiveFigure.Curve c = live.curve("retraining", "SR");
        for (int s = 0; s < 100_000; s++) {
            c.add(s, 1);
        }
        assertTrue(c.size() < LiveFigure.MAX_POINTS && c.size() >= LiveFigure.MAX_POINTS / 2, "kept " + c.size());
    }

    @Test
    void outsideANotebookNothingIsDrawnAndUndeclaredPanelsAreNamed() {
        LiveFigure live = LiveFigure.auto("run");
        assertFalse(live.isLive());
        live.panel("retraining", "step", "loss");
        live.curve("retraining", "SR").add(0, 1);
        live.finish("ignored");
        live.close();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> live.curve("fine", "SR"));
        assertTrue(e.getMessage().contains("'fine'") && e.getMessage().contains("retraining"), e.getMessage());
    }
}
