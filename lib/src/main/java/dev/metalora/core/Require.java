package dev.metalora.core;

import java.util.Collection;

/** Checks of a builder's input that every setting makes, with the one wording of their errors. */
public final class Require {
    private Require() {
    }

    /**
     * {@code values} has at least one element, else an {@link IllegalArgumentException}
     * {@code "seeds: need at least one, got none; give e.g. seeds(1, 2, 3)"}.
     */
    public static <T extends Collection<?>> T nonEmpty(String name, T values, String example) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(name + ": need at least one, got none; give e.g. " + example);
        }
        return values;
    }

    /** {@code values} has at least one element (see {@link #nonEmpty(String, Collection, String)}). */
    public static long[] nonEmpty(String name, long[] values, String example) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(name + ": need at least one, got none; give e.g. " + example);
        }
        return values;
    }

    /** {@code values} has at least one element (see {@link #nonEmpty(String, Collection, String)}). */
    public static String[] nonEmpty(String name, String[] values, String example) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(name + ": need at least one, got none; give e.g. " + example);
        }
        return values;
    }
}
