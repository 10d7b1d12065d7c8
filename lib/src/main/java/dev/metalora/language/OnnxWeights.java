package dev.metalora.language;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the float weight tensors of an ONNX model (a transformer exported from PyTorch) with
 * protobuf-java's wire-format reader, and names them as Hugging Face does. Named initializers
 * (embeddings, LayerNorms, biases) keep their names; the linear weights, which PyTorch's exporter
 * leaves unnamed ({@code onnx::MatMul_787}) and stores as {@code [in, out]}, are named by following
 * their {@code MatMul} node to the {@code Add} that takes the layer's named bias
 * ({@code encoder.layer.0.attention.self.query.bias} names {@code ...query.weight}), and transposed
 * to {@code [out, in]}.
 *
 * <p>Fields read (onnx.proto): ModelProto.graph = 7; GraphProto.node = 1, initializer = 5;
 * NodeProto.input = 1, output = 2, op_type = 4; TensorProto.dims = 1, data_type = 2,
 * float_data = 4, name = 8, raw_data = 9. Non-float initializers (shape constants) are skipped.
 */
public final class OnnxWeights {
    private static final int FLOAT = 1;

    private OnnxWeights() {
    }

    private record Node(String op, List<String> inputs, List<String> outputs) {
    }

    private record Tensor(String name, long[] dims, int type, float[] values) {
    }

    /** Reads the model from {@code in} (closed by the caller); {@code source} names it in messages. */
    public static PretrainedWeights read(InputStream in, String source, NDManager manager) throws IOException {
        CodedInputStream cis = CodedInputStream.newInstance(in);
        cis.setSizeLimit(Integer.MAX_VALUE);
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        boolean sawGraph = false;
        while (true) {
            int tag = cis.readTag();
            if (tag == 0) {
                break;
            }
            if (WireFormat.getTagFieldNumber(tag) == 7 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                sawGraph = true;
                int limit = cis.pushLimit(cis.readRawVarint32());
                readGraph(cis, nodes, initializers);
                cis.popLimit(limit);
            } else {
                cis.skipField(tag);
            }
        }
        if (!sawGraph) {
            throw new IllegalArgumentException("weights: " + source + " has no ONNX graph (is it an ONNX model file?)");
        }
        Map<String, Node> consumerAdd = new HashMap<>();
        for (Node n : nodes) {
            if (n.op.equals("Add")) {
                for (String i : n.inputs) {
                    consumerAdd.put(i, n);
                }
            }
        }
        Map<String, NDArray> named = new LinkedHashMap<>();
        for (Tensor t : initializers.values()) {
            if (t.type == FLOAT && !t.name.startsWith("onnx::")) {
                named.put(t.name, manager.create(t.values, new Shape(t.dims)));
            }
        }
        for (Node n : nodes) {
            if (!n.op.equals("MatMul") || n.inputs.size() != 2) {
                continue;
            }
            Tensor w = initializers.get(n.inputs.get(1));
            if (w == null || w.type != FLOAT || !w.name.startsWith("onnx::") || w.dims.length != 2) {
                continue;
            }
            Node add = consumerAdd.get(n.outputs.get(0));
            String bias = add == null ? null : add.inputs.stream().filter(i -> i.endsWith(".bias")).findFirst().orElse(null);
            if (bias == null) {
                throw new IllegalArgumentException("weights: " + source + ": the MatMul weight " + w.name
                        + " is not followed by an Add with a named bias, so its layer is unknown");
            }
            String name = bias.substring(0, bias.length() - ".bias".length()) + ".weight";
            named.put(name, manager.create(transposed(w.values, (int) w.dims[0], (int) w.dims[1]),
                    new Shape(w.dims[1], w.dims[0])));
        }
        return new PretrainedWeights(source, named);
    }

    /** A row-major [rows, cols] matrix transposed to row-major [cols, rows] (contiguous, as PyTorch expects parameters). */
    private static float[] transposed(float[] v, int rows, int cols) {
        float[] t = new float[v.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = v[r * cols + c];
            }
        }
        return t;
    }

    private static void readGraph(CodedInputStream cis, List<Node> nodes, Map<String, Tensor> initializers)
            throws IOException {
        while (true) {
            int tag = cis.readTag();
            if (tag == 0) {
                return;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == 1 || field == 5) {
                int limit = cis.pushLimit(cis.readRawVarint32());
                if (field == 1) {
                    nodes.add(readNode(cis));
                } else {
                    Tensor t = readTensor(cis);
                    initializers.put(t.name, t);
                }
                cis.popLimit(limit);
            } else {
                cis.skipField(tag);
            }
        }
    }

    private static Node readNode(CodedInputStream cis) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String op = "";
        while (true) {
            int tag = cis.readTag();
            if (tag == 0) {
                return new Node(op, inputs, outputs);
            }
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(cis.readString());
                case 2 -> outputs.add(cis.readString());
                case 4 -> op = cis.readString();
                default -> cis.skipField(tag);
            }
        }
    }

    private static Tensor readTensor(CodedInputStream cis) throws IOException {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        ByteString raw = null;
        List<Float> floats = new ArrayList<>();
        while (true) {
            int tag = cis.readTag();
            if (tag == 0) {
                break;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            boolean packed = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            switch (field) {
                case 1 -> {
                    if (packed) {
                        int limit = cis.pushLimit(cis.readRawVarint32());
                        while (cis.getBytesUntilLimit() > 0) {
                            dims.add(cis.readInt64());
                        }
                        cis.popLimit(limit);
                    } else {
                        dims.add(cis.readInt64());
                    }
                }
                case 2 -> type = cis.readInt32();
                case 4 -> {
                    if (packed) {
                        int limit = cis.pushLimit(cis.readRawVarint32());
                        while (cis.getBytesUntilLimit() > 0) {
                            floats.add(cis.readFloat());
                        }
                        cis.popLimit(limit);
                    } else {
                        floats.add(cis.readFloat());
                    }
                }
                case 8 -> name = cis.readString();
                case 9 -> raw = cis.readBytes();
                default -> cis.skipField(tag);
            }
        }
        long[] d = dims.stream().mapToLong(Long::longValue).toArray();
        float[] values = null;
        if (type == FLOAT) {
            if (raw != null) {
                FloatBuffer fb = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                values = new float[fb.remaining()];
                fb.get(values);
            } else {
                values = new float[floats.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = floats.get(i);
                }
            }
            long expected = 1;
            for (long x : d) {
                expected *= x;
            }
            if (expected != values.length) {
                throw new IllegalArgumentException("weights: ONNX tensor " + name + " has dims " + dims + " ("
                        + expected + " values) but holds " + values.length + " values");
            }
        }
        return new Tensor(name, d, type, values);
    }
}
