package dev.metalora.progress;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DelayedProgressTest {

    /** Records the calls it gets. */
    private static final class Recording implements Progress {
        final List<String> calls = new ArrayList<>();

        @Override
        public void start(String label, long total) {
            calls.add("start " + label + " " + total);
        }

        @Override
        public void step(long n) {
            calls.add("step " + n);
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Test
    void quickRunsShowNothing() {
        Recording bar = new Recording();
        try (DelayedProgress p = new DelayedProgress(() -> bar, 60_000)) {
            p.start("fast", 100);
            for (int i = 0; i < 100; i++) {
                p.step(1);
            }
            assertFalse(p.isShown());
        }
        assertTrue(bar.calls.isEmpty());
    }

    @Test
    void slowRunsShowTheBarWithTheStepsSoFar() throws Exception {
        Recording bar = new Recording();
        try (DelayedProgress p = new DelayedProgress(() -> bar, 20)) {
            p.start("slow", 100);
            p.step(30);
            Thread.sleep(40);
            p.step(5);
            p.step(1);
            assertTrue(p.isShown());
        }
        assertEquals(List.of("start slow 100", "step 35", "step 1", "close"), bar.calls);
    }

    @Test
    void selectionFollowsTheProperty() {
        try {
            System.setProperty(ProgressSelection.PROPERTY, "none");
            assertSame(Progress.none(), Progress.auto());
            System.setProperty(ProgressSelection.PROPERTY, "console");
            assertInstanceOf(DelayedProgress.class, Progress.auto());
            System.setProperty(ProgressSelection.PROPERTY, "sideways");
            var e = assertThrows(IllegalArgumentException.class, Progress::auto);
            assertTrue(e.getMessage().contains("metalora.progress") && e.getMessage().contains("sideways"));
        } finally {
            System.clearProperty(ProgressSelection.PROPERTY);
        }
    }

    @Test
    void consoleBarWritesToItsStreamAndEndsAtFull() {
        var bytes = new java.io.ByteArrayOutputStream();
        try (ConsoleProgress p = new ConsoleProgress(new java.io.PrintStream(bytes, true))) {
            p.start("work", 50);
            p.step(20);
        }
        String out = bytes.toString();
        assertTrue(out.contains("work") && out.contains("100%"), out);
    }
}
