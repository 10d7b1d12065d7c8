package dev.metalora.progress;

/**
 * How a computation reports how far it has got. Algorithms call {@link #step}; they never print.
 * Implementations: {@link #none()}, a console bar, a notebook display that updates in place.
 */
public interface Progress extends AutoCloseable {

    /** Called once the total amount of work is known (in steps of any unit). */
    void start(String label, long total);

    /** Advances by {@code n} steps. Must be cheap: called every step. */
    void step(long n);

    /** Marks the work as complete (the bar shows 100%). */
    @Override
    void close();

    /** Reports nothing. */
    static Progress none() {
        return NoProgress.INSTANCE;
    }

    /**
     * The default for a run: a bar in a notebook or a console bar in a terminal or JShell, shown
     * only once the run has taken about a second; nothing otherwise (see {@link ProgressSelection}).
     */
    static Progress auto() {
        return ProgressSelection.auto();
    }

    /** Throws if the current thread was interrupted (clearing the flag); call once per step. */
    static void checkInterrupted(String what) {
        if (Thread.interrupted()) {
            throw new InterruptedRunException(what + " interrupted");
        }
    }

    enum NoProgress implements Progress {
        INSTANCE;

        @Override
        public void start(String label, long total) {
        }

        @Override
        public void step(long n) {
        }

        @Override
        public void close() {
        }
    }
}
