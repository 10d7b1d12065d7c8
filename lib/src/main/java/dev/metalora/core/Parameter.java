package dev.metalora.core;

import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * A knob of an experiment that a sweep can vary: the builder method {@code key(value)} that sets it
 * and the configuration's accessor {@code key()} that reads it back, with the words and symbol its
 * tables, legends and axis titles use ({@code "retraining tasks T"}, {@code "T = 3"}). An integer
 * parameter (its builder method takes an {@code int} or {@code long}) rejects fractional values.
 * Serialisable (a sweep's result carries it).
 *
 * @param <B> the experiment builder
 * @param <C> its configuration
 */
public final class Parameter<B, C> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Class<B> builder;
    private final Class<C> config;
    private final String key;
    private final String label;
    private final Class<?> type;
    private transient Method setter;
    private transient Method getter;

    private Parameter(Class<B> builder, Class<C> config, String key, String label) {
        this.builder = builder;
        this.config = config;
        this.key = key;
        this.label = label;
        this.type = setter(builder, key).getParameterTypes()[0];
        getter(config, key); // fails now when the configuration does not have it
    }

    /**
     * The parameter set by {@code builder}'s method {@code key(int|long|double)} and read by
     * {@code config}'s {@code key()}; {@code label} is the words for axis titles, ending with the
     * symbol ({@code "fine-tuning samples n"}).
     */
    public static <B, C> Parameter<B, C> of(Class<B> builder, Class<C> config, String key, String label) {
        return new Parameter<>(builder, config, key, label);
    }

    private static Method setter(Class<?> builder, String key) {
        for (Class<?> t : new Class<?>[] {int.class, long.class, double.class}) {
            try {
                return builder.getMethod(key, t);
            } catch (NoSuchMethodException next) {
                // try the next type
            }
        }
        throw new IllegalStateException(builder.getSimpleName() + " has no method " + key
                + "(int), " + key + "(long) or " + key + "(double) to vary");
    }

    private static Method getter(Class<?> config, String key) {
        try {
            Method m = config.getMethod(key);
            if (!Number.class.isAssignableFrom(box(m.getReturnType()))) {
                throw new IllegalStateException(config.getSimpleName() + "." + key + "() is not a number");
            }
            return m;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(config.getSimpleName() + " has no accessor " + key + "()", e);
        }
    }

    private static Class<?> box(Class<?> c) {
        return c == int.class ? Integer.class : c == long.class ? Long.class : c == double.class ? Double.class : c;
    }

    /** The builder method's name ({@code "testSamples"}): what {@code vary(...)} takes. */
    public String key() {
        return key;
    }

    /** Words for axis titles ({@code "fine-tuning samples n"}). */
    public String label() {
        return label;
    }

    /** Whether only whole numbers are allowed. */
    public boolean integer() {
        return type != double.class;
    }

    /** The symbol: the label's last word ({@code "n"}). */
    public String symbol() {
        return label.substring(label.lastIndexOf(' ') + 1);
    }

    /** The value of this parameter in a configuration. */
    public double of(C configuration) {
        if (getter == null) {
            getter = getter(config, key);
        }
        try {
            return ((Number) getter.invoke(configuration)).doubleValue();
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + key + " of " + configuration, e);
        }
    }

    /** The value in a configuration as JSON and CSV write it: a {@code Long} for an integer parameter, else a {@code Double}. */
    public Number value(C configuration) {
        double v = of(configuration);
        return integer() ? (Number) (long) v : (Number) v;
    }

    /** Sets this parameter on {@code b}; an integer parameter rejects a fractional value, naming it. */
    public void apply(B b, double value) {
        Object arg;
        if (integer()) {
            long max = type == int.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
            if (value != Math.rint(value) || Math.abs(value) > max) {
                throw new IllegalArgumentException(key + ": " + value + " is not an integer");
            }
            arg = type == int.class ? (Object) (int) value : (Object) (long) value;
        } else {
            arg = value;
        }
        if (setter == null) {
            setter = setter(builder, key);
        }
        try {
            setter.invoke(b, arg);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set " + key, e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("cannot set " + key, e.getCause());
        }
    }

    /** The value as written in tables and legends: {@code "T = 3"}, {@code "s = 0.0100"}. */
    public String format(double value) {
        String v = integer() ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3g", value);
        return symbol() + " = " + v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameter<?, ?> p && p.builder == builder && p.key.equals(key);
    }

    @Override
    public int hashCode() {
        return builder.hashCode() * 31 + key.hashCode();
    }

    @Override
    public String toString() {
        return key;
    }
}
