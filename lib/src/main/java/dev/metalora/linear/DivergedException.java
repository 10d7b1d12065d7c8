package dev.metalora.linear;

/** A run whose loss became non-finite or grew past {@link #LIMIT}; names the step and the method. */
public class DivergedException extends RuntimeException {
    /** Losses above this count as diverged. */
    public static final double LIMIT = 1e12;

    public DivergedException(String method, String stepKind, int step, String quantity, double value, String rates) {
        super(method + " diverged at " + stepKind + " " + step + ": " + quantity + " = " + value
                + "; try a smaller learning rate (now " + rates + ")");
    }

    /** Throws when {@code value} is non-finite or above {@link #LIMIT}. */
    static void check(double value, String method, String stepKind, int step, String quantity, String rates) {
        if (!(value <= LIMIT)) {
            throw new DivergedException(method, stepKind, step, quantity, value, rates);
        }
    }
}
