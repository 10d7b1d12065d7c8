package dev.metalora.display;

/**
 * A value that shows itself in a notebook as an HTML table ({@code text/html}) with a plain-text
 * fallback ({@code text/plain}). Result types implement it; the notebook hooks render it.
 */
public interface Displayable {

    /** An HTML fragment (a table, say) for a notebook cell's output. */
    String html();

    /** The plain-text form: by default {@code toString()}. */
    default String text() {
        return toString();
    }
}
