package dev.metalora.linear;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** A parameter of the linear comparison that a sweep can vary, with its name, axis title and setter. */
public enum LinearParameter {
    DIM("dim", "dimension d", true, LinearConfig::dim),
    TASKS("tasks", "retraining tasks T", true, LinearConfig::tasks),
    RANK("rank", "adapter rank k", true, LinearConfig::rank),
    SAMPLES("samples", "samples per retraining task N", true, LinearConfig::samples),
    TEST_SAMPLES("testSamples", "fine-tuning samples n", true, LinearConfig::testSamples),
    NOISE("noise", "noise standard deviation s", false, LinearConfig::noise);

    private final String key;
    private final String label;
    private final boolean integer;
    private final ToDoubleFunction<LinearConfig> getter;

    LinearParameter(String key, String label, boolean integer, ToDoubleFunction<LinearConfig> getter) {
        this.key = key;
        this.label = label;
        this.integer = integer;
        this.getter = getter;
    }

    /** The builder method's name ({@code "testSamples"}). */
    public String key() {
        return key;
    }

    /** Words for axis titles. */
    public String label() {
        return label;
    }

    public boolean integer() {
        return integer;
    }

    /** The parameter called {@code name} (its builder method's name). */
    public static LinearParameter named(String name) {
        for (LinearParameter p : values()) {
            if (p.key.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("parameter: '" + name + "' cannot be varied; allowed: " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(LinearParameter::key).collect(Collectors.joining(", "));
    }

    /** The value of this parameter in a configuration. */
    public double of(LinearConfig config) {
        return getter.applyAsDouble(config);
    }

    /** Sets this parameter on the builder; an integer parameter rejects a fractional value. */
    void apply(LinearExperiment builder, double value) {
        if (integer && (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(key + ": " + value + " is not an integer");
        }
        int n = (int) value;
        switch (this) {
            case DIM -> builder.dim(n);
            case TASKS -> builder.tasks(n);
            case RANK -> builder.rank(n);
            case SAMPLES -> builder.samples(n);
            case TEST_SAMPLES -> builder.testSamples(n);
            case NOISE -> builder.noise(value);
        }
    }

    /** The value as written in tables and legends: {@code "T = 3"}, {@code "s = 0.01"}. */
    String format(double value) {
        String v = integer ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3g", value);
        return symbol() + " = " + v;
    }

    private String symbol() {
        return label.substring(label.lastIndexOf(' ') + 1);
    }
}
