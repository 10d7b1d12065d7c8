package dev.metalora.display;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.UUID;

/**
 * Everything that touches basekernel types. Loaded only after {@link Notebook} has found a kernel,
 * so that the library runs without basekernel on the class path.
 */
final class KernelHooks {
    private KernelHooks() {
    }

    static void register(Object kernelObject) {
        BaseKernel kernel = (BaseKernel) kernelObject;
        Renderer renderer = kernel.getRenderer();
        registerRenderers(renderer);
        dev.metalora.progress.ProgressSelection.useNotebook(() -> new NotebookProgress(sink(kernel)));
    }

    /** Charts and {@link PngRenderable} values as {@code image/png} (base64), {@link Displayable} values as HTML and text. */
    static void registerRenderers(Renderer renderer) {
        @SuppressWarnings({"rawtypes", "unchecked"})
        Class<Chart<?, ?>> chartType = (Class) Chart.class;
        renderer.createRegistration(chartType)
                .preferring(MIMEType.IMAGE_PNG)
                .register((chart, ctx) -> ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> pngBase64(chart)));
        renderer.createRegistration(PngRenderable.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((value, ctx) -> ctx.renderIfRequested(MIMEType.IMAGE_PNG,
                        () -> Base64.getEncoder().encodeToString(value.png())));
        renderer.createRegistration(Displayable.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((value, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, value::html);
                    ctx.getOutputContainer().putText(value.text());
                });
    }

    static void display(Object kernelObject, Object value) {
        BaseKernel kernel = (BaseKernel) kernelObject;
        kernel.display(kernel.getRenderer().render(value));
    }

    /** A display sink writing to the kernel: a new display with an id, then updates of it. */
    static NotebookProgress.Sink sink(BaseKernel kernel) {
        return new NotebookProgress.Sink() {
            @Override
            public void show(String id, String html, String text) {
                kernel.display(data(id, html, text));
            }

            @Override
            public void update(String id, String html, String text) {
                kernel.getIO().display.updateDisplay(id, data(id, html, text));
            }
        };
    }

    /** A display shown at once (empty) with its own id, then replaced by {@code updateDisplay}. */
    static LiveDisplay liveDisplay(Object kernelObject) {
        BaseKernel kernel = (BaseKernel) kernelObject;
        String id = "metalora-live-" + UUID.randomUUID();
        DisplayData empty = new DisplayData("");
        empty.setDisplayId(id);
        kernel.display(empty);
        return new LiveDisplay() {
            @Override
            public synchronized void show(Object value) {
                kernel.getIO().display.updateDisplay(id, kernel.getRenderer().render(value));
            }

            @Override
            public synchronized void clear() {
                kernel.getIO().display.updateDisplay(id, new DisplayData(""));
            }
        };
    }

    private static DisplayData data(String id, String html, String text) {
        DisplayData d = new DisplayData(text);
        d.putHTML(html);
        d.setDisplayId(id);
        return d;
    }

    private static String pngBase64(Chart<?, ?> chart) {
        try {
            return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
