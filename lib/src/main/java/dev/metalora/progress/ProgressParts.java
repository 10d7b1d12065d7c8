package dev.metalora.progress;

/**
 * One progress display shared by several runs that go on at once (the values of a sweep): each run
 * gets a {@link #part()} that it starts, steps and closes as if it were alone. The shared progress
 * starts when the first part starts, with the total of {@code parts} runs of that size (the runs of
 * a sweep do equal work), and is closed by its owner. Thread-safe.
 */
public final class ProgressParts {
    private final Progress shared;
    private final String label;
    private final int parts;
    private final long total;
    private boolean started;

    public ProgressParts(Progress shared, String label, int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts: " + parts + " must be at least 1");
        }
        this.shared = shared;
        this.label = label;
        this.parts = parts;
        this.total = 0;
    }

    /**
     * Parts of unequal sizes whose steps add up to {@code total}: the shared progress starts with
     * that total (whatever each part says at its own start).
     */
    public ProgressParts(Progress shared, String label, int parts, long total) {
        if (parts < 1 || total < 1) {
            throw new IllegalArgumentException("parts, total: must be at least 1, got " + parts + ", " + total);
        }
        this.shared = shared;
        this.label = label;
        this.parts = parts;
        this.total = total;
    }

    /** A progress for one run: its steps go to the shared progress; its close does nothing. */
    public Progress part() {
        return new Progress() {
            @Override
            public void start(String partLabel, long total) {
                startShared(total);
            }

            @Override
            public void step(long n) {
                shared.step(n);
            }

            @Override
            public void close() {
            }
        };
    }

    private synchronized void startShared(long partTotal) {
        if (!started) {
            started = true;
            shared.start(label, total > 0 ? total : partTotal * parts);
        }
    }
}
