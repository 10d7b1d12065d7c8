package dev.metalora.progress;

import java.util.function.Supplier;

/**
 * Shows a bar only for work that is still running after a delay (about a second), so that quick
 * runs print nothing. Steps before the bar appears are carried over. Thread-safe.
 */
public final class DelayedProgress implements Progress {
    private final Supplier<Progress> bar;
    private final long delayNanos;
    private String label = "";
    private long total;
    private long done;
    private long startNanos;
    private Progress shown;

    public DelayedProgress(Supplier<Progress> bar, long delayMillis) {
        this.bar = bar;
        this.delayNanos = delayMillis * 1_000_000L;
    }

    @Override
    public synchronized void start(String label, long total) {
        this.label = label;
        this.total = total;
        this.done = 0;
        this.startNanos = System.nanoTime();
        if (shown != null) {
            shown.start(label, total);
        }
    }

    @Override
    public synchronized void step(long n) {
        done += n;
        if (shown != null) {
            shown.step(n);
        } else if (System.nanoTime() - startNanos >= delayNanos) {
            shown = bar.get();
            shown.start(label, total);
            shown.step(done);
        }
    }

    /** Whether the bar has appeared. */
    public synchronized boolean isShown() {
        return shown != null;
    }

    @Override
    public synchronized void close() {
        if (shown != null) {
            shown.close();
        }
    }
}
