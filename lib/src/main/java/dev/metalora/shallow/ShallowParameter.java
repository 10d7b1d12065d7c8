package dev.metalora.shallow;

import java.util.Arrays;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/** A parameter of the shallow comparison that a sweep can vary, with its name, axis title and setter. */
public enum ShallowParameter {
    DIM("dim", "dimension d", ShallowConfig::dim),
    TASKS("tasks", "retraining tasks T", ShallowConfig::tasks),
    RANK("rank", "adapter rank k", ShallowConfig::rank),
    SAMPLES("samples", "samples per retraining task N", ShallowConfig::samples),
    TEST_SAMPLES("testSamples", "fine-tuning samples n", ShallowConfig::testSamples),
    EPOCHS("epochs", "retraining epochs E", ShallowConfig::epochs),
    FINE_TUNE_EPOCHS("fineTuneEpochs", "fine-tuning epochs F", ShallowConfig::fineTuneEpochs);

    private final String key;
    private final String label;
    private final ToIntFunction<ShallowConfig> getter;

    ShallowParameter(String key, String label, ToIntFunction<ShallowConfig> getter) {
        this.key = key;
        this.label = label;
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

    /** The parameter called {@code name} (its builder method's name). */
    public static ShallowParameter named(String name) {
        for (ShallowParameter p : values()) {
            if (p.key.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("parameter: '" + name + "' cannot be varied; allowed: "
                + Arrays.stream(values()).map(ShallowParameter::key).collect(Collectors.joining(", ")));
    }

    /** The value of this parameter in a configuration. */
    public int of(ShallowConfig config) {
        return getter.applyAsInt(config);
    }

    /** Sets this parameter on the builder. */
    void apply(ShallowExperiment builder, int value) {
        switch (this) {
            case DIM -> builder.dim(value);
            case TASKS -> builder.tasks(value);
            case RANK -> builder.rank(value);
            case SAMPLES -> builder.samples(value);
            case TEST_SAMPLES -> builder.testSamples(value);
            case EPOCHS -> builder.epochs(value);
            case FINE_TUNE_EPOCHS -> builder.fineTuneEpochs(value);
        }
    }

    /** The value as written in tables and legends: {@code "T = 3"}. */
    String format(int value) {
        return label.substring(label.lastIndexOf(' ') + 1) + " = " + value;
    }
}
