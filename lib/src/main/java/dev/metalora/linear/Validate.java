package dev.metalora.linear;

/** Argument checks whose messages name the parameter, the value and what is allowed. */
public final class Validate {
    private Validate() {
    }

    public static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + ": must be >= " + min + ", got " + value);
        }
    }

    public static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": must be in [" + min + ", " + max + "], got " + value);
        }
    }

    public static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + ": must be finite and >= 0, got " + value);
        }
    }

    public static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + ": must be finite and > 0, got " + value);
        }
    }
}
