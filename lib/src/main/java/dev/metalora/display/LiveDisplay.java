package dev.metalora.display;

/**
 * One output of a notebook cell that is drawn, then replaced in place (Jupyter's
 * {@code update_display_data}): a live figure, say. It takes its place in the cell when it is
 * created, so that what it shows later stays above anything displayed after it (a progress bar).
 * Get one with {@link Notebook#liveDisplay()}; tests use their own.
 */
public interface LiveDisplay {

    /** Replaces what the display shows by {@code value}, rendered as a cell's value would be (a chart as PNG). */
    void show(Object value);

    /** Leaves the display empty. */
    void clear();
}
