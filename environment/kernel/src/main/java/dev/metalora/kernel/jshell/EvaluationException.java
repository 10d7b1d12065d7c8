package dev.metalora.kernel.jshell;

import jdk.jshell.EvalException;
import jdk.jshell.JShellException;

import java.util.ArrayList;
import java.util.List;

/**
 * A snippet threw at run time. Carries the user's exception as JShell reported it: class name,
 * message and stack trace trimmed to the cell's own frames, with its causes.
 */
public final class EvaluationException extends Exception {
    /** How many frames of a cause with no cell frame to keep. */
    private static final int MAX_FOREIGN_FRAMES = 12;

    private final String exceptionClass;
    private final String exceptionMessage;
    private final List<String> trace;

    private EvaluationException(String exceptionClass, String exceptionMessage, List<String> trace) {
        super(exceptionMessage == null ? exceptionClass : exceptionClass + ": " + exceptionMessage);
        this.exceptionClass = exceptionClass;
        this.exceptionMessage = exceptionMessage;
        this.trace = List.copyOf(trace);
    }

    /** Converts JShell's report of a failed snippet. */
    public static EvaluationException of(JShellException e) {
        List<String> lines = new ArrayList<>();
        Throwable t = e;
        String firstClass = className(e);
        String firstMessage = e.getMessage();
        boolean first = true;
        while (t != null) {
            lines.add((first ? "" : "Caused by: ") + className(t) + (t.getMessage() == null ? "" : ": " + t.getMessage()));
            for (StackTraceElement frame : trim(t.getStackTrace())) {
                lines.add("\tat " + cellFrame(frame));
            }
            first = false;
            t = t.getCause();
        }
        return new EvaluationException(firstClass, firstMessage, lines);
    }

    /** A cell used a declaration that refers to something not declared yet. */
    public static EvaluationException unresolved(String declaration, List<String> missing) {
        String first = declaration.strip().lines().findFirst().orElse("");
        String msg = "'" + first + "' cannot be used until " + String.join(", ", missing) + " is declared";
        return new EvaluationException("UnresolvedReferenceException", msg, List.of("UnresolvedReferenceException: " + msg));
    }

    private static String className(Throwable t) {
        return t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
    }

    /**
     * Keeps frames down to the last one in a cell (JShell names a cell frame's file after its
     * snippet, {@code #12}); the frames below it are the kernel's reflection machinery. A trace with
     * no cell frame (a cause thrown deep in a library) keeps its top frames.
     */
    static List<StackTraceElement> trim(StackTraceElement[] frames) {
        int last = -1;
        for (int i = 0; i < frames.length; i++) {
            if (isCellFrame(frames[i])) {
                last = i;
            }
        }
        int keep = last >= 0 ? last + 1 : Math.min(frames.length, MAX_FOREIGN_FRAMES);
        return List.of(frames).subList(0, keep);
    }

    private static boolean isCellFrame(StackTraceElement f) {
        return f.getFileName() != null && f.getFileName().startsWith("#");
    }

    /** Shows a cell frame as "method(snippet #3, line 1)" instead of JShell's synthetic names. */
    private static String cellFrame(StackTraceElement f) {
        if (isCellFrame(f)) {
            String method = f.getMethodName().isEmpty() ? "<cell>" : f.getMethodName();
            return method + "(snippet " + f.getFileName() + ", line " + f.getLineNumber() + ")";
        }
        return f.toString();
    }

    public String exceptionClass() {
        return exceptionClass;
    }

    public String exceptionMessage() {
        return exceptionMessage;
    }

    /** The exception line, then "\tat ..." frames, then causes. */
    public List<String> trace() {
        return trace;
    }
}
