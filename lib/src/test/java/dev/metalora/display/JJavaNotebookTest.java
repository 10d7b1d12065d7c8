package dev.metalora.display;

import dev.metalora.Experiments;
import dev.metalora.linear.LinearComparison;
import dev.metalora.progress.Progress;
import dev.metalora.progress.ProgressSelection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The library in a kernel built on JJava's framework (jjava-jupyter 1.0-a6), as JJava's own kernel is. */
class JJavaNotebookTest {

    /** The smallest JJava kernel: no connection, records what it displays. */
    static final class MiniJJavaKernel extends BaseKernel {
        final List<DisplayData> displayed = new ArrayList<>();

        MiniJJavaKernel() {
            super("mini-jjava", "1.0-a6", new LanguageInfo.Builder("Java").build(), List.of(), null,
                    new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(), null, null, true,
                    new StringStyler.Builder().build());
        }

        @Override
        public Object evalRaw(String source) {
            return null;
        }

        @Override
        public DisplayData inspect(String code, int at, boolean extraDetail) {
            return null;
        }

        @Override
        public ReplacementOptions complete(String code, int at) {
            return null;
        }

        @Override
        public String isComplete(String code) {
            return IS_COMPLETE_YES;
        }

        @Override
        public synchronized void display(DisplayData data) {
            displayed.add(data);
        }

        void stop() {
            uninstallNotebookKernel();
        }
    }

    private MiniJJavaKernel kernel;

    @AfterEach
    void stopTheKernel() {
        if (kernel != null) {
            kernel.stop();
        }
        ProgressSelection.useNotebook(null);
    }

    @Test
    void outsideAJJavaNotebookJJavaThrowsAndTheLibrarySeesNoKernel() {
        assertThrows(NullPointerException.class, BaseKernel::notebookKernel);
        assertFalse(Notebook.inKernel());
    }

    @Test
    void jjavaStartInstallsTheLibrarysExtensionAndItsTableAndChartRender() throws Exception {
        kernel = new MiniJJavaKernel();
        kernel.onStartup(); // as JJava starts: the notebook kernel, then every Extension service on the class path
        assertSame(kernel, BaseKernel.notebookKernel());
        assertTrue(Notebook.inKernel(), "found through BaseKernel.notebookKernel()");
        Displayable early = () -> Html.table("before any library call", List.of("a"), List.of(List.of("1")));
        assertNotNull(kernel.getRenderer().render(early).getData(MIMEType.TEXT_HTML),
                "the extension registered the renderers at start, before any library entry point ran");

        LinearComparison result = Experiments.linear().dim(2).samples(20).outerSteps(2).fineTuneSteps(2).trials(1)
                .progress(Progress.none()).run();
        DisplayData table = kernel.getRenderer().render(result);
        String html = (String) table.getData(MIMEType.TEXT_HTML);
        assertNotNull(html, "the library's result renders as text/html with no library call");
        assertTrue(html.contains("<table>"), html);
        assertEquals(result.text(), table.getData(MIMEType.TEXT_PLAIN));

        DisplayData chart = kernel.getRenderer().render(result.plot());
        byte[] png = Base64.getDecoder().decode((String) chart.getData(MIMEType.IMAGE_PNG));
        assertNotNull(ImageIO.read(new ByteArrayInputStream(png)), "image/png decodes");

        Notebook.init(); // the library's own entry points call this too: registered once per kernel
        assertEquals(html, kernel.getRenderer().render(result).getData(MIMEType.TEXT_HTML), "rendered once, not twice");
        assertTrue(Notebook.display(result));
        assertEquals(1, kernel.displayed.size());
    }
}
