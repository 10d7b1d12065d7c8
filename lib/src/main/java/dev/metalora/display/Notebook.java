package dev.metalora.display;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The bridge to a running Jupyter kernel built on jupyter-jvm-basekernel (our kernel, or a stock
 * IJava 1.3): charts render inline as {@code image/png}, {@link Displayable} results as HTML tables,
 * and progress as a bar that updates in place.
 *
 * <p>The kernel is found by reflection ({@code io.github.spencerpark.ijava.IJava.getKernelInstance()}),
 * so the library needs neither kernel at compile or run time. Outside a kernel every method here does
 * nothing and no basekernel class is loaded: the code that uses basekernel types lives in
 * {@link KernelHooks}, which is only touched once a kernel has been found.
 *
 * <p>{@link #init()} is idempotent and cheap; the library's entry points call it from their static
 * initialisers, so a user never has to.
 */
public final class Notebook {
    private static final String KERNEL_HOLDER = "io.github.spencerpark.ijava.IJava";
    private static final String BASE_KERNEL = "io.github.spencerpark.jupyter.kernel.BaseKernel";

    /** Kernels whose renderer already has our registrations (registrations accumulate). */
    private static final Set<Object> REGISTERED = Collections.newSetFromMap(new WeakHashMap<>());

    private Notebook() {
    }

    /** Registers the renderers and the notebook progress bar with the running kernel, once; no-op outside one. */
    public static void init() {
        Object kernel = kernel();
        if (kernel == null) {
            return;
        }
        synchronized (REGISTERED) {
            if (REGISTERED.add(kernel)) {
                KernelHooks.register(kernel);
            }
        }
    }

    /** Whether this code runs inside a basekernel-based Jupyter kernel. */
    public static boolean inKernel() {
        return kernel() != null;
    }

    /**
     * Shows {@code value} as a cell output now (useful inside loops); returns false, doing nothing,
     * outside a kernel.
     */
    public static boolean display(Object value) {
        Object kernel = kernel();
        if (kernel == null) {
            return false;
        }
        init();
        KernelHooks.display(kernel, value);
        return true;
    }

    /**
     * A display that can be replaced in place, already placed (empty) in the current cell's
     * output; {@code null} outside a kernel.
     */
    public static LiveDisplay liveDisplay() {
        Object kernel = kernel();
        if (kernel == null) {
            return null;
        }
        init();
        return KernelHooks.liveDisplay(kernel);
    }

    /**
     * The running kernel as an {@code Object} (a {@code BaseKernel} that this library's class
     * loader sees), or null. Never throws: any failure means "no kernel".
     */
    static Object kernel() {
        for (ClassLoader loader : new ClassLoader[]{Thread.currentThread().getContextClassLoader(),
                Notebook.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                Class<?> holder = Class.forName(KERNEL_HOLDER, true, loader);
                Method get = holder.getMethod("getKernelInstance");
                Object kernel = get.invoke(null);
                Class<?> base = Class.forName(BASE_KERNEL, false, Notebook.class.getClassLoader());
                if (base.isInstance(kernel)) {
                    return kernel;
                }
            } catch (Throwable absent) {
                // ClassNotFoundException, LinkageError, reflection failures: not in a kernel
            }
        }
        return null;
    }
}
