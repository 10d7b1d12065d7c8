package dev.metalora.peft;

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
 * A retrained model on disk: a JSON header (the {@code key} naming the configuration it was trained
 * under, the method, validation curve, chosen epoch, and whatever the setting adds to rebuild its
 * model) and every parameter's float32 values by path, bit for bit. Written atomically (a temporary
 * file, then a rename), so a run interrupted while saving leaves the previous checkpoint or none,
 * never half of one. {@link #load} refuses a checkpoint saved under another configuration.
 */
public final class Checkpoint {
    private static final int MAGIC = 0x4D4C5643; // "MLVC"
    private static final int VERSION = 1;

    /** What a checkpoint holds. */
    public record Contents(String key, RetrainMethod method, JsonNode header, Map<String, float[]> values,
                           double[] validationScore, int bestEpoch, double[] trainLoss) {
    }

    private Checkpoint() {
    }

    /** Saves {@code r} to {@code path} under {@code key} (a fingerprint of the run's settings). */
    public static Path save(Retrained r, String key, Path path) {
        return save(r, key, Json.object(), path);
    }

    /** Saves {@code r} with {@code extra} fields in the header (what the setting needs to rebuild the model). */
    public static Path save(Retrained r, String key, ObjectNode extra, Path path) {
        if (key == null) {
            throw new IllegalArgumentException("key: a checkpoint needs the key of its configuration, got null");
        }
        ObjectNode h = extra.deepCopy();
        h.put("key", key).put("method", r.method().id()).put("bestEpoch", r.bestEpoch());
        var va = h.putArray("validationAccuracy");
        Arrays.stream(r.validationScore()).forEach(va::add);
        var tl = h.putArray("trainLoss");
        Arrays.stream(r.trainLoss()).forEach(tl::add);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(Json.mapper().writeValueAsString(h));
            Map<String, float[]> values = r.model().snapshot();
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

    /** Reads a checkpoint whole. */
    public static Contents read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + path, e);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IllegalArgumentException("path: " + path + " is not a metalora checkpoint (version " + VERSION
                        + ")");
            }
            JsonNode h = Json.mapper().readTree(in.readUTF());
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
            return new Contents(h.path("key").asText(null), RetrainMethod.of(h.get("method").asText()), h, values,
                    doubles(h.get("validationAccuracy")), h.get("bestEpoch").asInt(), doubles(h.get("trainLoss")));
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("path:")) {
                throw iae;
            }
            throw new IllegalArgumentException("path: " + path + " is a corrupt checkpoint (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Loads the checkpoint at {@code path} into {@code model} (built for the same configuration),
     * refusing one saved under another {@code key} or holding other parameters.
     */
    public static Retrained load(Path path, String key, MultiTaskModel model) {
        Contents c = read(path);
        if (key != null && !key.equals(c.key())) {
            throw new IllegalArgumentException("checkpoint: " + path + " was saved under another configuration;"
                    + " saved: " + c.key() + ", this run: " + key + " (delete it or point checkpoints elsewhere)");
        }
        restore(path, c, model);
        return new Retrained(c.method(), model, c.validationScore(), c.bestEpoch(), c.trainLoss());
    }

    /** Sets {@code model}'s parameters to the checkpoint's, which must hold exactly the model's parameters. */
    public static void restore(Path path, Contents c, MultiTaskModel model) {
        if (!c.values().keySet().equals(model.parameters().keySet())) {
            throw new IllegalArgumentException("path: " + path + " holds parameters " + c.values().keySet()
                    + ", the model has " + model.parameters().keySet());
        }
        model.restore(c.values());
    }

    private static double[] doubles(JsonNode array) {
        double[] d = new double[array.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = array.get(i).asDouble(Double.NaN);
        }
        return d;
    }
}
