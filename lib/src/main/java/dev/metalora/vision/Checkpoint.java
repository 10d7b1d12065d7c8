package dev.metalora.vision;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.results.Json;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A retrained Mixer on disk: a {@link dev.metalora.peft.Checkpoint} (atomic, bit for bit, refusing
 * another configuration's) whose header also holds the Mixer's shape, adapters, rank, bias choice
 * and heads, so that loading rebuilds the model.
 */
public final class Checkpoint {
    private Checkpoint() {
    }

    /** Saves {@code r} to {@code path} under {@code key} (say, a fingerprint of the run's settings). */
    public static Path save(Retrained r, String key, Path path) {
        TaskModel m = r.model();
        ObjectNode h = Json.object();
        h.put("adapters", m.adapters()).put("rank", m.rank()).put("adaptedBias", m.adaptedBias()).put("heads", m.heads());
        h.set("mixer", Json.mapper().valueToTree(m.config()));
        return dev.metalora.peft.Checkpoint.save(new dev.metalora.peft.Retrained(r.method(), m.model(),
                r.validationAccuracy(), r.bestEpoch(), r.trainLoss()), key, h, path);
    }

    /** The key a checkpoint was saved under, or null if {@code path} is not a readable checkpoint. */
    public static String key(Path path) {
        return dev.metalora.peft.Checkpoint.key(path);
    }

    /** Loads a checkpoint into a fresh model whose arrays live in {@code manager}. */
    public static Retrained load(Path path, NDManager manager) {
        return load(path, null, manager);
    }

    /** Loads a checkpoint saved under {@code key} (null: any), refusing one of another configuration. */
    public static Retrained load(Path path, String key, NDManager manager) {
        dev.metalora.peft.Checkpoint.Contents c = dev.metalora.peft.Checkpoint.read(path);
        if (key != null && !key.equals(c.key())) {
            throw new IllegalArgumentException("checkpoint: " + path + " was saved under another configuration;"
                    + " saved: " + c.key() + ", this run: " + key + " (delete it or point checkpoints elsewhere)");
        }
        JsonNode h = c.header();
        MixerConfig config;
        try {
            config = Json.mapper().treeToValue(h.get("mixer"), MixerConfig.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("path: " + path + " is not a vision checkpoint (no Mixer shape)", e);
        }
        TaskModel model = TaskModel.create(config, h.get("adapters").asInt(), h.get("rank").asInt(),
                h.get("heads").asInt(), h.path("adaptedBias").asBoolean(true), 0, manager);
        dev.metalora.peft.Checkpoint.restore(path, c, model.model());
        return new Retrained(c.method(), model, c.validationScore(), c.bestEpoch(), c.trainLoss());
    }
}
