package dev.metalora.results;

import java.util.Arrays;
import java.util.List;

/**
 * Summary of one quantity over trials or seeds: mean, min, max, standard error of the mean and the
 * values themselves. Serialises to {@code {"mean", "min", "max", "stderr", "values"}}.
 */
public record Stat(double mean, double min, double max, double stderr, double[] values) implements java.io.Serializable {

    public Stat {
        values = values.clone();
    }

    /** The summary of the given values (at least one). */
    public static Stat of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values: need at least one value, got none");
        }
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double stderr = values.length > 1 ? Math.sqrt(ss / (values.length - 1) / values.length) : 0.0;
        return new Stat(mean, min, max, stderr, values);
    }

    public static Stat of(List<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public int count() {
        return values.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stat s && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return values.length == 1
                ? String.format("%.3g", mean)
                : String.format("%.3g [%.3g, %.3g]", mean, min, max);
    }
}
