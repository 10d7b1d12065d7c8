package dev.metalora.display;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The bridge to a running Java Jupyter kernel (ours, stock IJava 1.3, or JJava): charts render
 * inline as {@code image/png}, {@link Displayable} results as HTML tables, and progress as a bar
 * that updates in place.
 *
 * <p>The kernel is found by reflection ({@link KernelDiscovery}), so the library needs no kernel at
 * compile or run time. Outside a kernel every method here does nothing and no kernel class is
 * loaded: the code that uses a framework's types lives in {@link IJavaHooks} and
 * {@link JJavaHooks}, which are only touched once a kernel of theirs has been found.
 *
 * <p>{@link #init()} is idempotent and cheap; the library's entry points call it from their static
 * initialisers, so a user never has to.
 */
public final class Notebook {
    /** Kernels whose renderer already has our registrations (registrations accumulate). */
    private static final Set<Object> REGISTERED = Collections.newSetFromMap(new WeakHashMap<>());

    private Notebook() {
    }

    /** Registers the renderers and the notebook progress bar with the running kernel, once; no-op outside one. */
    public static void init() {
        KernelDiscovery.Found found = KernelDiscovery.find();
        if (found != null) {
            init(found);
        }
    }

    /** Registers with this kernel, once per kernel (JJava's extension hands it over directly). */
    static void init(KernelDiscovery.Found found) {
        synchronized (REGISTERED) {
            if (REGISTERED.add(found.kernel())) {
                found.ecosystem().register(found.kernel());
            }
        }
    }

    /** Whether this code runs inside a Java Jupyter kernel (ours, IJava or JJava). */
    public static boolean inKernel() {
        return KernelDiscovery.find() != null;
    }

    /**
     * Shows {@code value} as a cell output now (useful inside loops); returns false, doing nothing,
     * outside a kernel.
     */
    public static boolean display(Object value) {
        KernelDiscovery.Found found = KernelDiscovery.find();
        if (found == null) {
            return false;
        }
        init(found);
        found.ecosystem().display(found.kernel(), value);
        return true;
    }

    /**
     * A display that can be replaced in place, already placed (empty) in the current cell's
     * output; {@code null} outside a kernel.
     */
    public static LiveDisplay liveDisplay() {
        KernelDiscovery.Found found = KernelDiscovery.find();
        if (found == null) {
            return null;
        }
        init(found);
        return found.ecosystem().liveDisplay(found.kernel());
    }
}
