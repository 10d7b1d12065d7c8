package dev.metalora.language;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Named weight tensors in Hugging Face's layout (linear weights [out, in]), read from an ONNX file
 * ({@link OnnxWeights}) or a safetensors file ({@link SafetensorsWeights}), and put into an encoder
 * or head by name before it is initialised ({@link #assignTo}).
 *
 * @param source  where the tensors came from (file or resource), for messages
 * @param tensors the tensors by name, owned by the caller's manager
 */
public record PretrainedWeights(String source, Map<String, NDArray> tensors) {

    public PretrainedWeights {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** The same tensors with {@code prefix} removed from every name that has it (e.g. {@code "roberta."}). */
    public PretrainedWeights withoutPrefix(String prefix) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        tensors.forEach((k, v) -> m.put(k.startsWith(prefix) ? k.substring(prefix.length()) : k, v));
        return new PretrainedWeights(source, m);
    }

    /**
     * Makes every parameter in {@code parameters} (by name) start from the tensor of that name when
     * its block is initialised. Parameters whose name is in {@code optional} may be absent (adapters,
     * a fresh head); any other absent tensor or a shape that differs is an error naming the tensor,
     * the expected and the found shape. Call before the block's {@code initialize}.
     */
    public void assignTo(Map<String, Parameter> parameters, java.util.function.Predicate<String> optional) {
        Map<String, String> problems = new TreeMap<>();
        for (var e : parameters.entrySet()) {
            String name = e.getKey();
            Parameter p = e.getValue();
            NDArray t = tensors.get(name);
            if (t == null) {
                if (!optional.test(name)) {
                    problems.put(name, "missing (expected shape " + p.getShape() + ")");
                }
                continue;
            }
            if (p.getShape() != null && !p.getShape().equals(t.getShape())) {
                problems.put(name, "expected shape " + p.getShape() + ", found " + t.getShape());
                continue;
            }
            p.setInitializer((NDManager m, Shape shape, ai.djl.ndarray.types.DataType type) -> {
                if (!shape.equals(t.getShape())) {
                    throw new IllegalArgumentException("weights: tensor " + name + " in " + source + ": expected shape "
                            + shape + ", found " + t.getShape());
                }
                // A copy of the values, never a view: training updates parameters in place.
                return m.create(t.toFloatArray(), shape).toType(type, false);
            });
        }
        if (!problems.isEmpty()) {
            StringBuilder sb = new StringBuilder("weights: " + source + " does not fit the model:");
            problems.forEach((k, v) -> sb.append("\n  ").append(k).append(": ").append(v));
            throw new IllegalArgumentException(sb.toString());
        }
    }

    /**
     * The same weights with the word-embedding table restricted to the rows {@code keep} (in that
     * order): token {@code keep[i]} becomes token {@code i}. A model that only ever sees those tokens
     * computes exactly what the full table gives, with a smaller table to update and copy.
     */
    public PretrainedWeights withVocabulary(long[] keep, NDManager manager) {
        String name = "embeddings.word_embeddings.weight";
        NDArray table = tensors.get(name);
        if (table == null) {
            throw new IllegalArgumentException("weights: " + source + " has no tensor " + name);
        }
        long width = table.getShape().get(1);
        float[] all = table.toFloatArray();
        float[] rows = new float[Math.toIntExact(keep.length * width)];
        for (int i = 0; i < keep.length; i++) {
            System.arraycopy(all, Math.toIntExact(keep[i] * width), rows, Math.toIntExact(i * width), (int) width);
        }
        Map<String, NDArray> m = new LinkedHashMap<>(tensors);
        m.put(name, manager.create(rows, new Shape(keep.length, width)));
        return new PretrainedWeights(source + " (vocabulary restricted to " + keep.length + " tokens)", m);
    }

    /** Releases the tensors (the model keeps its own copies). */
    public void close() {
        tensors.values().forEach(NDArray::close);
    }
}
