package dev.metalora.display;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * The library's renderings and progress bar on a JJava kernel ({@code org.dflib.jjava}, IJava's
 * maintained successor; 1.0-a6 and the releases before). The same calls as {@link IJavaHooks}
 * on JJava's renamed packages; loaded only once a JJava kernel has been found, so that the
 * library runs without JJava on the class path.
 */
final class JJavaHooks {
    private JJavaHooks() {
    }

    static void register(Object kernelObject) {
        BaseKernel kernel = (BaseKernel) kernelObject;
        registerRenderers(kernel.getRenderer());
        dev.metalora.progress.ProgressSelection.useNotebook(() -> new NotebookProgress(sink(kernel)));
    }

    static void registerRenderers(Renderer renderer) {
        KernelHooks.renderings().forEach(r -> register(renderer, r));
    }

    private static <T> void register(Renderer renderer, KernelHooks.Rendering<T> r) {
        renderer.createRegistration(r.type())
                .preferring(MIMEType.parse(r.preferred()))
                .supporting(r.others())
                .register((value, ctx) -> r.outputs().forEach((mime, output) -> {
                    if (mime.equals(KernelHooks.TEXT)) {
                        ctx.getOutputContainer().putText(output.apply(value));
                    } else {
                        ctx.renderIfRequested(MIMEType.parse(mime), () -> output.apply(value));
                    }
                }));
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
        String id = "metalora-live-" + java.util.UUID.randomUUID();
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
}
