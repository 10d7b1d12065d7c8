package dev.metalora.plot;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The live figure of the run going on in this JVM (a notebook cell's): an experiment's
 * {@code run()} opens it with {@link #during}, and its training loops, wherever they run in this
 * JVM, feed the {@link #current} one. Jobs on another machine (a Spark executor) see
 * {@link LiveFigure#none()}: a display concern, never serialised. One run at a time.
 */
public final class LiveRun {
    private static volatile LiveFigure current = LiveFigure.none();

    /** How a run makes its live figure: {@link LiveFigure#auto} (tests record instead). */
    public static volatile Function<String, LiveFigure> figures = LiveFigure::auto;

    private LiveRun() {
    }

    /** The live figure of the run going on, or one that draws nothing. */
    public static LiveFigure current() {
        return current;
    }

    /**
     * Runs {@code run} under a live figure titled {@code title} whose panels {@code panels}
     * declares; when it returns, {@code end} says what takes the figure's place (its final figure,
     * say, or nothing). A failed run leaves the last frame: nothing is lost.
     */
    public static <T> T during(String title, Consumer<LiveFigure> panels, Supplier<T> run,
                               BiConsumer<LiveFigure, T> end) {
        try (LiveFigure f = figures.apply(title)) {
            panels.accept(f);
            current = f;
            T result = run.get();
            end.accept(f, result);
            return result;
        } finally {
            current = LiveFigure.none();
        }
    }
}
