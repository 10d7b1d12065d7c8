package io.github.spencerpark.ijava;

/** Lets tests make a kernel the running one, as {@link IJava#main} does. */
public final class KernelInstanceForTests {
    private KernelInstanceForTests() {
    }

    public static void install(JavaKernel kernel) {
        IJava.install(kernel);
    }
}
