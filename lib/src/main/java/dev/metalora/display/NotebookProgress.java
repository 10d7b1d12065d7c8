package dev.metalora.display;

import dev.metalora.progress.Progress;

import java.util.Locale;
import java.util.UUID;

/**
 * A progress bar in a notebook cell: one display (an HTML {@code <progress>} element with a
 * plain-text fallback) updated in place, at most every {@value #UPDATE_MILLIS} ms, and ending at 100%.
 * Thread-safe: parallel workers may step it. Holds no basekernel type: it writes to a {@link Sink}.
 */
public final class NotebookProgress implements Progress {
    static final long UPDATE_MILLIS = 250;
    private static final int TEXT_WIDTH = 30;

    /** Where the bar is drawn: a kernel's display (see {@link KernelHooks}) or a test's recorder. */
    public interface Sink {
        void show(String id, String html, String text);

        void update(String id, String html, String text);
    }

    private final Sink sink;
    private final String id = "metalora-progress-" + UUID.randomUUID();
    private String label = "";
    private long total;
    private long done;
    private long startNanos;
    private long lastUpdateNanos;
    private boolean shown;
    private boolean closed;

    public NotebookProgress(Sink sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void start(String label, long total) {
        this.label = label;
        this.total = Math.max(total, 0);
        this.done = 0;
        this.startNanos = System.nanoTime();
        this.lastUpdateNanos = startNanos;
        publish();
    }

    @Override
    public synchronized void step(long n) {
        done += n;
        long now = System.nanoTime();
        if (now - lastUpdateNanos >= UPDATE_MILLIS * 1_000_000L) {
            lastUpdateNanos = now;
            publish();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        done = Math.max(done, total);
        publish();
    }

    private void publish() {
        double fraction = total > 0 ? Math.min(1.0, (double) done / total) : (closed ? 1.0 : 0.0);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String status = String.format(Locale.ROOT, "%3.0f%% (%d/%d) %.1f s", 100 * fraction, done, total, seconds);
        String html = "<div style=\"font-family:monospace\">" + Html.escape(label) + " "
                + String.format(Locale.ROOT, "<progress value=\"%d\" max=\"%d\" style=\"width:40%%\"></progress> ",
                Math.min(done, total), Math.max(total, 1))
                + status + "</div>";
        int filled = (int) Math.round(fraction * TEXT_WIDTH);
        String text = label + " [" + "#".repeat(filled) + ".".repeat(TEXT_WIDTH - filled) + "] " + status;
        if (!shown) {
            shown = true;
            sink.show(id, html, text);
        } else {
            sink.update(id, html, text);
        }
    }
}
