package dev.metalora.kernel;

import dev.metalora.kernel.jshell.CompilationException;
import dev.metalora.kernel.jshell.EvaluationException;
import dev.metalora.kernel.jshell.IncompleteInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * The traceback lines a notebook shows for a failed cell: a compile error's message with the
 * offending line marked, a run-time exception's class, message and trimmed stack trace, a magic's
 * message. Plain text (no terminal colours), one line per entry.
 */
public final class ErrorLines {
    private ErrorLines() {
    }

    public static List<String> of(Exception e) {
        if (e instanceof CompilationException c) {
            return compilation(c);
        }
        if (e instanceof EvaluationException ev) {
            return ev.trace();
        }
        if (e instanceof IncompleteInputException i) {
            List<String> lines = new ArrayList<>();
            lines.add("Incomplete input (an unclosed brace, parenthesis or string?):");
            i.source().strip().lines().forEach(l -> lines.add("    " + l));
            return lines;
        }
        if (e instanceof IllegalArgumentException) {
            return List.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        List<String> lines = new ArrayList<>();
        lines.add(e.toString());
        for (StackTraceElement f : e.getStackTrace()) {
            lines.add("\tat " + f);
        }
        return lines;
    }

    static List<String> compilation(CompilationException e) {
        List<String> lines = new ArrayList<>();
        for (CompilationException.Problem p : e.problems()) {
            lines.add("Compilation error, line " + p.line() + ": " + p.message().lines().findFirst().orElse(""));
            p.message().lines().skip(1).filter(l -> !l.strip().startsWith("location:")).forEach(l -> lines.add("    " + l.strip()));
            lines.add("    " + p.lineText());
            lines.add("    " + " ".repeat(p.column()) + "^" + (p.length() > 1 ? "~".repeat(p.length() - 1) : ""));
        }
        return lines;
    }
}
