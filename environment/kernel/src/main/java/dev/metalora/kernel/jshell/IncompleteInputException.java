package dev.metalora.kernel.jshell;

/** The cell ends in the middle of a statement (an open brace, a missing parenthesis). */
public final class IncompleteInputException extends Exception {
    private final String source;

    public IncompleteInputException(String source) {
        super("incomplete input: " + firstLine(source));
        this.source = source;
    }

    public String source() {
        return source;
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl) + " ...";
    }
}
