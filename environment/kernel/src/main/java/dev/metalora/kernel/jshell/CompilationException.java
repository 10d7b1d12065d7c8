package dev.metalora.kernel.jshell;

import java.util.List;

/** A snippet did not compile: one {@link Problem} per diagnostic, positions within the cell. */
public final class CompilationException extends Exception {
    private final List<Problem> problems;

    public CompilationException(List<Problem> problems) {
        super(problems.isEmpty() ? "the snippet was rejected" : problems.get(0).message());
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /**
     * One compiler diagnostic.
     *
     * @param message   the compiler's message
     * @param line      the offending line of the cell (1-based)
     * @param lineText  that line's text
     * @param column    where the error starts in the line (0-based)
     * @param length    how many characters it spans on that line (at least 1)
     */
    public record Problem(String message, int line, String lineText, int column, int length) {
    }
}
