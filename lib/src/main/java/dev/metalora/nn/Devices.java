package dev.metalora.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;

import java.util.Locale;

/**
 * Device selection for both engines: {@code "cpu"} (the default) or {@code "gpu"} ({@code "gpu:N"}
 * for the N-th GPU). Asking for a GPU where none is usable fails at once with a message that says
 * why and how to enable one; it never falls back to the CPU silently.
 *
 * <p>GPU support needs the CUDA natives, which the {@code cuda} Maven profile puts on the class
 * path instead of the CPU ones: {@code mvn -Pcuda ...} (PyTorch 2.5.1 for CUDA 12.4 for the neural
 * models, ND4J's {@code nd4j-cuda-11.6} backend for the linear engine) and an NVIDIA driver.
 */
public final class Devices {
    /** How to get a usable GPU; part of every GPU error message. */
    public static final String HOW_TO_ENABLE = "to use a GPU, build and run with the CUDA natives "
            + "(Maven profile -Pcuda, e.g. `mvn -Pcuda -pl lib package`, see README 'GPU') on a "
            + "machine with an NVIDIA GPU and driver, or ask for device(\"cpu\")";

    static {
        NnRuntime.init();
    }

    private static final String ND4J_CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    private Devices() {
    }

    /**
     * Checks a device name: {@code cpu}, {@code gpu} or {@code gpu:N}, case-insensitive.
     *
     * @return the name in canonical form ({@code "cpu"}, {@code "gpu:0"}, ...)
     */
    public static String canonical(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return n;
        }
        if (n.equals("gpu") || n.equals("cuda")) {
            return "gpu:0";
        }
        if (n.startsWith("gpu:")) {
            try {
                int id = Integer.parseInt(n.substring(4));
                if (id >= 0) {
                    return "gpu:" + id;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("device: '" + name + "' is not a device; allowed: \"cpu\", \"gpu\" or \"gpu:N\"");
    }

    /** Whether the canonical or raw name asks for a GPU. */
    public static boolean isGpu(String name) {
        return canonical(name).startsWith("gpu");
    }

    /** The PyTorch device for a name, after checking that it is usable here. */
    public static Device pytorch(String name) {
        String c = canonical(name);
        if (c.equals("cpu")) {
            return Device.cpu();
        }
        Engine engine = NnRuntime.engine();
        return resolve(c, engine.hasCapability(StandardCapabilities.CUDA), engine.getGpuCount());
    }

    /** The decision of {@link #pytorch}, from what the engine reports (separate so it can be tested). */
    static Device resolve(String name, boolean cudaNatives, int gpuCount) {
        String c = canonical(name);
        if (c.equals("cpu")) {
            return Device.cpu();
        }
        int id = Integer.parseInt(c.substring(4));
        if (!cudaNatives) {
            throw new IllegalStateException("device(\"" + name + "\"): no GPU is usable: the PyTorch natives on "
                    + "the class path are CPU-only (pytorch-native-cpu); " + HOW_TO_ENABLE);
        }
        if (gpuCount <= id) {
            throw new IllegalStateException("device(\"" + name + "\"): no GPU is usable: PyTorch has CUDA "
                    + "support but sees " + gpuCount + " GPU(s) (is the NVIDIA driver loaded, "
                    + "CUDA_VISIBLE_DEVICES set?); " + HOW_TO_ENABLE);
        }
        return Device.gpu(id);
    }

    /**
     * Fails unless ND4J (the linear engine) runs on its CUDA backend. Call it where a linear
     * experiment is asked for {@code device("gpu")}. ND4J picks its backend once, when it first
     * loads: with both backends on the class path it tries CUDA first and falls back to the CPU
     * where no driver is present (see README 'GPU'); this check turns that fallback into an error.
     */
    public static void requireNd4jGpu() {
        checkNd4jBackend(org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName());
    }

    /** The decision of {@link #requireNd4jGpu}, from the backend's class name. */
    static void checkNd4jBackend(String backendClass) {
        if (!ND4J_CUDA_BACKEND.equals(backendClass)) {
            throw new IllegalStateException("device(\"gpu\"): ND4J is running on " + backendClass
                    + ", not its CUDA backend (" + ND4J_CUDA_BACKEND + "), so no GPU is usable for the "
                    + "linear engine; check that BACKEND_PRIORITY_GPU is not below BACKEND_PRIORITY_CPU; "
                    + HOW_TO_ENABLE);
        }
    }
}
