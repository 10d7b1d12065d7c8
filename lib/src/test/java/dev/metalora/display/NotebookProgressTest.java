package dev.metalora.display;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class NotebookProgressTest {

    private static final class Recorder implements NotebookProgress.Sink {
        final List<String> calls = new ArrayList<>();
        final List<String> ids = new ArrayList<>();

        @Override
        public void show(String id, String html, String text) {
            calls.add("show " + text);
            ids.add(id);
        }

        @Override
        public void update(String id, String html, String text) {
            calls.add("update " + text);
            ids.add(id);
            assertTrue(html.contains("<progress"), html);
        }
    }

    @Test
    void barIsShownOnceThenUpdatedInPlaceAndEndsAtFullFromAnyThread() throws Exception {
        Recorder sink = new Recorder();
        NotebookProgress bar = new NotebookProgress(sink);
        bar.start("sweep", 400);
        Thread[] workers = new Thread[4];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    bar.step(1);
                }
            });
            workers[w].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        bar.close();
        bar.close(); // closing twice publishes nothing more
        assertTrue(sink.calls.get(0).startsWith("show sweep ["), sink.calls.get(0));
        assertTrue(sink.calls.stream().skip(1).allMatch(c -> c.startsWith("update ")));
        assertEquals(1, sink.ids.stream().distinct().count(), "one display id throughout");
        String last = sink.calls.get(sink.calls.size() - 1);
        assertTrue(last.contains("100%") && last.contains("(400/400)"), last);
        assertEquals(1, sink.calls.stream().filter(c -> c.contains("100%")).count(), "exactly one final update");
    }
}
