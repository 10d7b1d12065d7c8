package dev.metalora.kernel;

import dev.metalora.kernel.runtime.CoalescingStream;
import dev.metalora.kernel.channels.KernelInfoOk;
import dev.metalora.kernel.jshell.JShellEvaluator;
import dev.metalora.kernel.magic.Cell;
import dev.metalora.kernel.magic.Magics;
import dev.metalora.kernel.magic.StandardMagics;
import dev.metalora.kernel.maven.MavenResolver;
import dev.metalora.kernel.runtime.Display;
import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
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
import java.util.Optional;
import java.util.Set;

/**
 * The Java kernel: cells run in an in-process JShell, values render through basekernel's
 * {@link #getRenderer() Renderer}, and IJava's magics and cell functions work as in IJava 1.3.
 */
public final class JavaKernel extends BaseKernel implements StandardMagics.Host {
    public static final String VERSION = Optional.ofNullable(JavaKernel.class.getPackage().getImplementationVersion()).orElse("dev");
    private static final String STARTUP_RESOURCE = "metalora-kernel-startup.jsh";

    private final KernelConfig config;
    private final JShellEvaluator shell;
    private final Magics magics = new Magics();
    private final Set<Path> classpath = new LinkedHashSet<>();
    private final LanguageInfo languageInfo = new LanguageInfo.Builder("Java")
            .version(Runtime.version().toString())
            .mimetype("text/x-java-source")
            .fileExtension(".jshell")
            .pygments("java")
            .codemirror("text/x-java")
            .build();
    private boolean started;
    private MavenResolver maven;

    public JavaKernel(KernelConfig config) throws IOException {
        this.config = config;
        this.shell = new JShellEvaluator(JavaKernel.class.getClassLoader(), config.compilerOptions(), config.timeout());
        StandardMagics.register(magics, this, this::mavenResolver);
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

    @Override
    public DisplayData eval(String code) throws Exception {
        shell.beginCell();
        // basekernel's streams send a message per write; send whole lines instead (see CoalescingStream).
        PrintStream out = System.out, err = System.err;
        PrintStream lineOut = CoalescingStream.over(out), lineErr = CoalescingStream.over(err);
        System.setOut(lineOut);
        System.setErr(lineErr);
        Optional<Object> value;
        try {
            startIfNeeded();
            value = run(code);
        } finally {
            lineOut.close();
            lineErr.close();
            System.setOut(out);
            System.setErr(err);
        }
        if (value.isEmpty()) {
            return null;
        }
        Object v = value.get();
        if (v == Display.lastDisplayId()) {
            return null; // the id returned by a trailing display(...): already shown
        }
        return v instanceof DisplayData d ? d : getRenderer().render(v);
    }

    private void startIfNeeded() throws Exception {
        if (started) {
            return;
        }
        started = true;
        try (InputStream in = JavaKernel.class.getClassLoader().getResourceAsStream(STARTUP_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("kernel jar lacks " + STARTUP_RESOURCE);
            }
            run(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        for (String glob : config.startupScripts()) {
            for (Path script : new GlobFinder(glob).computeMatchingFiles()) {
                run(Files.readString(script));
            }
        }
    }

    /** Runs a cell's parts in order; the value is the last part's when that part is an expression. */
    private Optional<Object> run(String text) throws Exception {
        Cell cell = Cell.parse(text);
        if (cell.cellMagic() != null) {
            magics.runCell(cell.cellMagic().name(), cell.cellMagic().args(), cell.cellMagic().body());
            return Optional.empty();
        }
        Optional<Object> last = Optional.empty();
        for (Cell.Part part : cell.parts()) {
            if (shell.interrupted()) {
                throw new InterruptedException("the cell was interrupted");
            }
            if (part instanceof Cell.Code code) {
                // Leading newlines keep compile errors' line numbers those of the cell.
                last = shell.eval("\n".repeat(code.firstLine() - 1) + code.source());
            } else if (part instanceof Cell.LineMagic magic) {
                magics.runLine(magic.name(), magic.args());
                last = Optional.empty();
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
