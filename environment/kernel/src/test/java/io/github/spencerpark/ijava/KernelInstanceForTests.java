package io.github.spencerpark.ijava;

import io.github.spencerpark.jupyter.kernel.BaseKernel;

/** Lets tests make a kernel the running one, as {@link IJava#main} does. */
public final class KernelInstanceForTests {
    private KernelInstanceForTests() {
    }

    public static void install(BaseKernel kernel) {
        IJava.install(kernel);
    }
}
