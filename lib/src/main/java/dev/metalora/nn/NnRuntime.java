package dev.metalora.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.nio.file.Path;

/**
 * The DJL / PyTorch runtime as this library uses it: offline, with few threads, native caches in
 * a known place.
 *
 * <ul>
 *   <li><b>Offline.</b> The static initialiser sets {@code ai.djl.offline=true} before any DJL class
 *       loads (every class of this package that touches DJL goes through {@link #engine()}), so the
 *       engine never downloads natives nor calls a metadata service.</li>
 *   <li><b>Threads.</b> PyTorch uses 1 intra-op and 1 inter-op thread by default (for the small
 *       models here one thread is faster than two). Override with the system properties
 *       {@code ai.djl.pytorch.num_threads} / {@code ai.djl.pytorch.num_interop_threads} or with
 *       {@link #configureThreads} before the engine starts; {@link #setIntraOpThreads} also works
 *       later.</li>
 *   <li><b>Native caches.</b> PyTorch's libraries unpack (about 430 MB, once) under
 *       {@code ${DJL_CACHE_DIR:-~/.djl.ai}/pytorch/}; set the {@code DJL_CACHE_DIR} environment
 *       variable or system property to move them ({@code ENGINE_CACHE_DIR} moves only the engine
 *       libraries). {@link #cacheDir()} says where they are.</li>
 * </ul>
 */
public final class NnRuntime {
    /** System property: PyTorch intra-op threads. */
    public static final String INTRA_OP_THREADS = "ai.djl.pytorch.num_threads";
    /** System property: PyTorch inter-op threads. */
    public static final String INTER_OP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private static volatile boolean started;

    static {
        System.setProperty("ai.djl.offline", "true");
        setIfAbsent(INTRA_OP_THREADS, "1");
        setIfAbsent(INTER_OP_THREADS, "1");
    }

    private NnRuntime() {
    }

    /**
     * Sets the offline flag and the thread defaults (done once, when this class loads); the other
     * classes of this package call it from their static initialisers so that the flag is set
     * before DJL's engine can start.
     */
    public static void init() {
        // the static initialiser did the work
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * Sets the PyTorch thread counts used when the engine starts. Must be called before the first
     * use of the engine; afterwards only {@link #setIntraOpThreads} can change anything.
     */
    public static synchronized void configureThreads(int intraOp, int interOp) {
        requirePositive("intraOp", intraOp);
        requirePositive("interOp", interOp);
        if (started) {
            throw new IllegalStateException("the PyTorch engine has already started with "
                    + intraOpThreads() + " intra-op and " + interOpThreads()
                    + " inter-op threads; call configureThreads before the first model or array");
        }
        System.setProperty(INTRA_OP_THREADS, Integer.toString(intraOp));
        System.setProperty(INTER_OP_THREADS, Integer.toString(interOp));
    }

    /** Changes PyTorch's intra-op thread count now (possible at any time). */
    public static void setIntraOpThreads(int threads) {
        requirePositive("threads", threads);
        engine();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        System.setProperty(INTRA_OP_THREADS, Integer.toString(threads));
    }

    /**
     * PyTorch intra-op threads for each of {@code parallelJobs} jobs running at once on this
     * machine's cores so that together they neither leave cores idle nor oversubscribe them:
     * {@code max(1, cores / parallelJobs)}. A runner of parallelism p (say {@code Runner.parallelism()})
     * gives each of its DJL jobs this many threads; the shallow network's plain-Java engine needs
     * none (it uses one JVM thread per network, as many as its {@code threads} knob allows).
     */
    public static int intraOpThreadsFor(int parallelJobs) {
        requirePositive("parallelJobs", parallelJobs);
        return Math.max(1, Runtime.getRuntime().availableProcessors() / parallelJobs);
    }

    public static int intraOpThreads() {
        return Integer.parseInt(System.getProperty(INTRA_OP_THREADS, "1"));
    }

    public static int interOpThreads() {
        return Integer.parseInt(System.getProperty(INTER_OP_THREADS, "1"));
    }

    /** The PyTorch engine, started (offline) on first use. */
    public static Engine engine() {
        Engine engine = Engine.getEngine("PyTorch");
        started = true;
        return engine;
    }

    /**
     * Overwrites {@code target}'s values (a parameter restored from a snapshot, say), keeping the
     * array object, its manager and whether it requires a gradient. Use it instead of
     * {@code NDArray.set(float[])}: DJL's PyTorch engine implements {@code set} with libtorch's
     * deprecated {@code AutoNonVariableTypeMode} guard (its JNI {@code torchSet}), whose first use
     * prints "AutoNonVariableTypeMode is deprecated ..." on the process's stderr. Here the values go
     * into a fresh tensor that owns its memory, which then replaces the old one
     * ({@code NDArray.intern}); no deprecated call is made.
     */
    public static void assign(NDArray target, float[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException("values: " + values.length + " given for an array of shape "
                    + target.getShape() + " (" + target.size() + " entries)");
        }
        boolean gradient = target.hasGradient();
        NDArray copy;
        try (NDArray view = target.getManager().create(values, target.getShape())) {
            // the view reads the Java side's direct buffer; the copy owns its memory
            copy = view.getDataType() == target.getDataType() ? view.duplicate() : view.toType(target.getDataType(), true);
        }
        if (gradient) {
            copy.setRequiresGradient(true);
        }
        target.intern(copy);
    }

    /** A new root manager on the given device; the caller owns it (close it). */
    public static NDManager newManager(Device device) {
        return engine().newBaseManager(device);
    }

    /** Where DJL keeps (or will unpack) the PyTorch natives: {@code ${DJL_CACHE_DIR:-~/.djl.ai}}. */
    public static Path cacheDir() {
        return ai.djl.util.Utils.getCacheDir();
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": must be at least 1, got " + value);
        }
    }
}
