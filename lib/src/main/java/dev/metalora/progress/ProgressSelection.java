package dev.metalora.progress;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Chooses how a run shows progress ({@link Progress#auto()}): a bar that updates in place in a
 * notebook, a console bar in a terminal or JShell, nothing otherwise; in every case only once the
 * run has taken more than {@value #DELAY_MILLIS} ms.
 *
 * <p>Override with the system property {@code metalora.progress} or the environment variable
 * {@code METALORA_PROGRESS}: {@code auto} (default), {@code none}, {@code console}, {@code notebook}.
 * The notebook bar is installed by the display layer when it finds a kernel; this package does not
 * know about kernels.
 */
public final class ProgressSelection {
    public static final long DELAY_MILLIS = 1000;
    public static final String PROPERTY = "metalora.progress";
    public static final String ENVIRONMENT = "METALORA_PROGRESS";

    public enum Mode { AUTO, NONE, CONSOLE, NOTEBOOK }

    private static volatile Supplier<Progress> notebook;

    private ProgressSelection() {
    }

    /** Installs the notebook bar factory (called by the display layer inside a kernel). */
    public static void useNotebook(Supplier<Progress> factory) {
        notebook = factory;
    }

    /** The configured mode (property, then environment, then auto). */
    public static Mode mode() {
        String value = System.getProperty(PROPERTY);
        String source = "system property " + PROPERTY;
        if (value == null || value.isBlank()) {
            value = System.getenv(ENVIRONMENT);
            source = "environment variable " + ENVIRONMENT;
        }
        if (value == null || value.isBlank()) {
            return Mode.AUTO;
        }
        try {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": '" + value
                    + "' is not one of auto, none, console, notebook", e);
        }
    }

    /** The progress for a new run, according to {@link #mode()} and where the code runs. */
    public static Progress auto() {
        Supplier<Progress> nb = notebook;
        Supplier<Progress> bar = switch (mode()) {
            case NONE -> null;
            case CONSOLE -> ConsoleProgress::new;
            case NOTEBOOK -> nb;
            case AUTO -> nb != null ? nb : (interactiveConsole() ? ConsoleProgress::new : null);
        };
        return bar == null ? Progress.none() : new DelayedProgress(bar, DELAY_MILLIS);
    }

    /** A terminal, or JShell (whose snippets run in classes of package {@code REPL}). */
    static boolean interactiveConsole() {
        if (System.console() != null) {
            return true;
        }
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(f ->
                f.getClassName().startsWith("REPL.") || f.getClassName().startsWith("jdk.jshell.")));
    }
}
