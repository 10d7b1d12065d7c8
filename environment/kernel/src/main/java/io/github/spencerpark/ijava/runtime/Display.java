package io.github.spencerpark.ijava.runtime;

import io.github.spencerpark.ijava.JavaKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

import java.util.UUID;

/**
 * IJava's display functions, imported statically into every notebook: {@code display},
 * {@code render} and {@code updateDisplay}. They use the running kernel's {@code Renderer}, so the
 * renderers a library registers apply.
 */
public final class Display {
    private static volatile String lastId;

    private Display() {
    }

    /**
     * The id that the latest {@link #display} returned. A cell that ends with {@code display(x)}
     * would otherwise show that id as its value; the kernel compares the cell's value with this
     * (by identity) and shows nothing instead.
     */
    public static String lastDisplayId() {
        return lastId;
    }

    /** Renders a value with the registered renderers (preferred MIME types). */
    public static DisplayData render(Object o) {
        return Kernel.running().getRenderer().render(o);
    }

    /** Renders a value as the given MIME types (e.g. "image/png", "text/html"). */
    public static DisplayData render(Object o, String... mimeTypes) {
        return Kernel.running().getRenderer().renderAs(o, mimeTypes);
    }

    /** Shows a value in the cell's output now; returns the display id for {@link #updateDisplay}. */
    public static String display(Object o) {
        return show(render(o));
    }

    /** Shows a value as the given MIME types; returns the display id. */
    public static String display(Object o, String... mimeTypes) {
        return show(render(o, mimeTypes));
    }

    private static String show(DisplayData data) {
        if (!data.hasDisplayId()) {
            data.setDisplayId(UUID.randomUUID().toString());
        }
        Kernel.running().display(data);
        String id = data.getDisplayId();
        lastId = id;
        return id;
    }

    /** Replaces what an earlier {@link #display} showed (a progress bar, a growing chart). */
    public static void updateDisplay(String id, Object o) {
        Kernel.running().updateDisplay(id, render(o));
    }

    /** Replaces an earlier display with a value rendered as the given MIME types. */
    public static void updateDisplay(String id, Object o, String... mimeTypes) {
        Kernel.running().updateDisplay(id, render(o, mimeTypes));
    }
}
