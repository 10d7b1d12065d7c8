package dev.metalora.vision;

import dev.metalora.peft.RetrainMethod;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.results.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A retrained model on disk: a JSON header (method, Mixer shape, adapters, heads, validation
 * curve, chosen epoch, and a free-form {@code key} naming the run it belongs to) and every
 * parameter's float32 values by path. Written atomically (temporary file, then rename), so a run
 * interrupted while saving leaves the previous checkpoint or none, never half of one. Values are
 * stored bit for bit: loading gives back exactly the saved weights.
 */
public final class Checkpoint {
    private static final int MAGIC = 0x4D4C5643; // "MLVC"
    private static final int VERSION = 1;

    private Checkpoint() {
    }

    /** Saves {@code r} to {@code path} under {@code key} (say, a fingerprint of the run's settings). */
    public static Path save(Retrained r, String key, Path path) {
        TaskModel m = r.model();
        ObjectNode h = Json.object();
        h.put("key", key).put("method", r.method().id()).put("adapters", m.adapters())
                .put("rank", m.adapters() == 0 ? 1 : m.model().loraLayers().get(0).rank())
                .put("heads", m.heads()).put("bestEpoch", r.bestEpoch());
        h.set("mixer", Json.mapper().valueToTree(m.config()));
        var va = h.putArray("validationAccuracy");
        Arrays.stream(r.validationAccuracy()).forEach(va::add);
        var tl = h.putArray("trainLoss");
        Arrays.stream(r.trainLoss()).forEach(tl::add);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(Json.mapper().writeValueAsString(h));
            Map<String, float[]> values = m.snapshot();
            out.writeInt(values.size());
            for (Map.Entry<String, float[]> e : values.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                for (float f : e.getValue()) {
                    out.writeInt(Float.floatToRawIntBits(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise checkpoint for " + path, e);
        }
        return Json.saveAtomically(path, bytes.toByteArray());
    }

    /** The key a checkpoint was saved under, or null if {@code path} is not a readable checkpoint. */
    public static String key(Path path) {
        if (!Files.isRegularFile(path)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(path))) {
            return in.readInt() == MAGIC && in.readInt() == VERSION
                    ? Json.mapper().readTree(in.readUTF()).path("key").asText(null) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Loads a checkpoint into a fresh model whose arrays live in {@code manager}. */
    public static Retrained load(Path path, NDManager manager) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + path, e);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IllegalArgumentException("path: " + path + " is not a vision checkpoint (version " + VERSION + ")");
            }
            JsonNode h = Json.mapper().readTree(in.readUTF());
            MixerConfig config = Json.mapper().treeToValue(h.get("mixer"), MixerConfig.class);
            TaskModel model = TaskModel.create(config, h.get("adapters").asInt(), h.get("rank").asInt(),
                    h.get("heads").asInt(), 0, manager);
            int n = in.readInt();
            Map<String, float[]> values = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                float[] v = new float[in.readInt()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = Float.intBitsToFloat(in.readInt());
                }
                values.put(name, v);
            }
            if (!values.keySet().equals(model.parameters().keySet())) {
                throw new IllegalArgumentException("path: " + path + " holds parameters " + values.keySet()
                        + ", the model has " + model.parameters().keySet());
            }
            model.restore(values);
            return new Retrained(RetrainMethod.of(h.get("method").asText()), model, doubles(h.get("validationAccuracy")),
                    h.get("bestEpoch").asInt(), doubles(h.get("trainLoss")));
        } catch (IOException e) {
            throw new IllegalArgumentException("path: " + path + " is a corrupt vision checkpoint (" + e.getMessage() + ")", e);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] d = new double[array.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = array.get(i).asDouble(Double.NaN);
        }
        return d;
    }
}
