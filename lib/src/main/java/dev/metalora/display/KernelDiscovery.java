package dev.metalora.display;

import java.lang.reflect.Method;
import java.util.List;

/**
 * Finds the Jupyter kernel running this JVM, in each of the Java kernel ecosystems, by reflection
 * (so that the library needs none of them at compile or run time):
 * <ul>
 *   <li>{@link #IJAVA}: {@code io.github.spencerpark.ijava.IJava.getKernelInstance()}, our kernel
 *       and stock IJava 1.3, on jupyter-jvm-basekernel;</li>
 *   <li>{@link #JJAVA}: {@code org.dflib.jjava.jupyter.kernel.BaseKernel.notebookKernel()}, JJava
 *       1.0-a6 and later (it throws when no kernel runs);</li>
 *   <li>{@link #JJAVA_BEFORE_A6}: {@code org.dflib.jjava.JJava.getKernelInstance()}, JJava before 1.0-a6.</li>
 * </ul>
 */
enum KernelDiscovery {
    IJAVA("io.github.spencerpark.ijava.IJava", "getKernelInstance", false),
    JJAVA("org.dflib.jjava.jupyter.kernel.BaseKernel", "notebookKernel", true),
    JJAVA_BEFORE_A6("org.dflib.jjava.JJava", "getKernelInstance", true);

    private static final String BASEKERNEL = "io.github.spencerpark.jupyter.kernel.BaseKernel";
    private static final String JJAVA_BASE_KERNEL = "org.dflib.jjava.jupyter.kernel.BaseKernel";

    /** A running kernel and the ecosystem it was found in. */
    record Found(Object kernel, KernelDiscovery ecosystem) {
    }

    private final String holder;
    private final String getter;
    /** Whether the kernel is built on JJava's framework (else on jupyter-jvm-basekernel). */
    private final boolean jjava;

    KernelDiscovery(String holder, String getter, boolean jjava) {
        this.holder = holder;
        this.getter = getter;
        this.jjava = jjava;
    }

    /** Registers the library's renderers and notebook progress bar with a kernel of this ecosystem. */
    void register(Object kernel) {
        if (jjava) {
            JJavaHooks.register(kernel);
        } else {
            IJavaHooks.register(kernel);
        }
    }

    /** Shows a value as a cell output through a kernel of this ecosystem. */
    void display(Object kernel, Object value) {
        if (jjava) {
            JJavaHooks.display(kernel, value);
        } else {
            IJavaHooks.display(kernel, value);
        }
    }

    /** A display placed (empty) in the current cell's output, then replaced in place. */
    LiveDisplay liveDisplay(Object kernel) {
        return jjava ? JJavaHooks.liveDisplay(kernel) : IJavaHooks.liveDisplay(kernel);
    }

    /**
     * The running kernel, looked up through the thread's context class loader and the library's
     * own; null when none. Never throws: any failure means "no kernel" in that ecosystem.
     */
    static Found find() {
        for (KernelDiscovery e : values()) {
            Object kernel = e.lookup();
            if (kernel != null) {
                return new Found(kernel, e);
            }
        }
        return null;
    }

    private Object lookup() {
        for (ClassLoader loader : List.of(Thread.currentThread().getContextClassLoader(), KernelDiscovery.class.getClassLoader())) {
            try {
                Class<?> type = Class.forName(holder, true, loader);
                Method get = type.getMethod(getter);
                Object kernel = get.invoke(null);
                // The library's hooks cast to the framework type its own class loader sees.
                Class<?> base = Class.forName(jjava ? JJAVA_BASE_KERNEL : BASEKERNEL, false, KernelDiscovery.class.getClassLoader());
                if (base.isInstance(kernel)) {
                    return kernel;
                }
            } catch (Throwable absent) {
                // ClassNotFoundException, LinkageError, reflection failures, JJava's "no kernel running"
            }
        }
        return null;
    }
}
