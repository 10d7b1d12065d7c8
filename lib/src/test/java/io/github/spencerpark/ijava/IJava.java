package io.github.spencerpark.ijava;

import io.github.spencerpark.jupyter.kernel.BaseKernel;

/**
 * Test stand-in for IJava's launcher class: the library finds a running kernel through
 * {@code IJava.getKernelInstance()}, exactly as in a stock IJava 1.3 kernel and in ours.
 */
public final class IJava {
    private static volatile BaseKernel kernel;

    private IJava() {
    }

    public static BaseKernel getKernelInstance() {
        return kernel;
    }

    public static void setKernelInstanceForTest(BaseKernel k) {
        kernel = k;
    }
}
