package io.github.spencerpark.ijava;

import dev.metalora.kernel.KernelConfig;
import dev.metalora.kernel.channels.GuardedConnection;
import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point of the kernel jar, under IJava's class name so that notebooks and libraries written
 * for IJava 1.3 find the running kernel the same way:
 * {@code io.github.spencerpark.ijava.IJava.getKernelInstance()} (usually by reflection, so that a
 * library works with and without a kernel), then {@code getRenderer()}, {@code display(...)}.
 */
public final class IJava {
    /**
     * basekernel logs channel starts and stops at INFO ("Loop-" + thread name for the heartbeat's
     * loop); these are held here so that the WARNING level set in {@link #main} sticks.
     */
    private static final List<Logger> QUIET = List.of(
            Logger.getLogger("io.github.spencerpark"), Logger.getLogger("Loop-Heartbeat-0"));
    private static volatile JavaKernel kernel;

    private IJava() {
    }

    /** The kernel running this JVM's notebook, or {@code null} outside a kernel. */
    public static JavaKernel getKernelInstance() {
        return kernel;
    }

    /** Makes a kernel the one {@link #getKernelInstance()} returns (main, and tests in this package). */
    static void install(JavaKernel k) {
        kernel = k;
    }

    /**
     * Ends the kernel when the Jupyter process that started it ends (jupyter_client names it in
     * {@code JPY_PARENT_PID}), as ipykernel does: {@code jupyter run} leaves without shutting its
     * kernel down.
     */
    private static void endWithJupyter() {
        String parent = System.getenv("JPY_PARENT_PID");
        if (parent == null || !parent.matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(parent)).ifPresent(p -> p.onExit().thenRun(() -> {
            System.err.println("[metalora kernel] the Jupyter process " + parent + " ended: shutting down");
            System.exit(0);
        }));
    }

    /** {@code java -jar kernel.jar CONNECTION-FILE [IGNORED...]}: serves one notebook until it shuts the kernel down. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java -jar kernel.jar CONNECTION-FILE (Jupyter passes {connection_file})");
            System.exit(2);
        }
        // Further arguments are ignored, as IJava and ipykernel do: 'jupyter run FILE' appends its files here.
        Path connectionFile = Path.of(args[0]);
        if (!Files.isRegularFile(connectionFile)) {
            throw new IllegalArgumentException("connection file '" + connectionFile + "' is not a file");
        }
        JupyterSocket.JUPYTER_LOGGER.setLevel(Level.WARNING);
        QUIET.forEach(log -> log.setLevel(Level.WARNING));
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        JupyterConnection connection = new GuardedConnection(props);
        JavaKernel k = new JavaKernel(KernelConfig.fromEnvironment(System.getenv()));
        install(k);
        endWithJupyter();
        k.warmUp();
        k.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        install(null);
        System.exit(0);
    }
}
