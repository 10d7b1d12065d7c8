package dev.metalora.core;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The parameters of an experiment that a sweep can vary, in the order its documentation lists
 * them; {@link #named} finds one by name or says which names are allowed.
 */
public final class Parameters<B, C> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final List<Parameter<B, C>> all;

    private Parameters(List<Parameter<B, C>> all) {
        this.all = List.copyOf(all);
    }

    /**
     * The parameters of {@code builder} (configuration {@code config}) given as pairs of a name and
     * its label: {@code of(B.class, C.class, "dim", "dimension d", "tasks", "retraining tasks T")}.
     */
    public static <B, C> Parameters<B, C> of(Class<B> builder, Class<C> config, String... namesAndLabels) {
        if (namesAndLabels.length == 0 || namesAndLabels.length % 2 != 0) {
            throw new IllegalArgumentException("namesAndLabels: give pairs of a name and its label, got "
                    + namesAndLabels.length + " strings");
        }
        List<Parameter<B, C>> all = new ArrayList<>();
        for (int i = 0; i < namesAndLabels.length; i += 2) {
            all.add(Parameter.of(builder, config, namesAndLabels[i], namesAndLabels[i + 1]));
        }
        return new Parameters<>(all);
    }

    /** The parameter called {@code name}; any other name fails, listing the allowed ones. */
    public Parameter<B, C> named(String name) {
        for (Parameter<B, C> p : all) {
            if (p.key().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("parameter: '" + name + "' cannot be varied; allowed: " + names());
    }

    /** The names, comma-separated. */
    public String names() {
        return all.stream().map(Parameter::key).collect(Collectors.joining(", "));
    }

    public List<Parameter<B, C>> all() {
        return all;
    }
}
