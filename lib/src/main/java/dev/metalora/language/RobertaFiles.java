package dev.metalora.language;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user-brought RoBERTa (roberta-base by default): a folder with Hugging Face's
 * {@code model.safetensors} (key names as in {@code transformers}, with or without the
 * {@code roberta.} prefix) and {@code tokenizer.json}; {@code config.json} is read when present, the
 * shape is otherwise inferred from the tensors (12 heads of width 64 assumed). The safetensors file
 * is read with DJL's {@code NDList.decode}.
 */
public final class RobertaFiles {
    public static final String WEIGHTS = "model.safetensors";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String CONFIG = "config.json";
    private static final String HOW = "download model.safetensors, tokenizer.json and config.json from "
            + "https://huggingface.co/roberta-base (Files tab) into ";

    private final Path dir;

    private RobertaFiles(Path dir) {
        this.dir = dir;
    }

    /** The files in {@code dir}; an error names any missing one and how to obtain it. */
    public static RobertaFiles in(Path dir) {
        if (dir == null) {
            throw new IllegalArgumentException("modelDir: a folder with " + WEIGHTS + " and " + TOKENIZER + " is needed; "
                    + HOW + "a folder and pass it");
        }
        for (String f : new String[] {WEIGHTS, TOKENIZER}) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new IllegalArgumentException("modelDir: " + dir.resolve(f) + " does not exist; " + HOW + dir);
            }
        }
        return new RobertaFiles(dir);
    }

    public Path tokenizer() {
        return dir.resolve(TOKENIZER);
    }

    /** The weight tensors, the {@code roberta.} prefix removed. */
    public PretrainedWeights weights(NDManager manager) {
        Path file = dir.resolve(WEIGHTS);
        NDList list;
        try {
            list = NDList.decode(manager, Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("weights: " + file + " is not a readable safetensors file (" + e.getMessage()
                    + "); " + HOW + dir, e);
        }
        Map<String, NDArray> m = new LinkedHashMap<>();
        for (NDArray a : list) {
            m.put(a.getName(), a);
        }
        return new PretrainedWeights(file.toString(), m).withoutPrefix("roberta.");
    }

    /** The encoder's shape: from config.json, or inferred from the tensors' shapes. */
    public EncoderConfig config() {
        Path cfg = dir.resolve(CONFIG);
        if (Files.isRegularFile(cfg)) {
            try {
                JsonNode j = new ObjectMapper().readTree(cfg.toFile());
                return new EncoderConfig(j.path("vocab_size").asInt(), j.path("hidden_size").asInt(),
                        j.path("num_hidden_layers").asInt(), j.path("num_attention_heads").asInt(),
                        j.path("intermediate_size").asInt(), j.path("max_position_embeddings").asInt(),
                        j.path("type_vocab_size").asInt(1), (float) j.path("layer_norm_eps").asDouble(1e-5),
                        j.path("pad_token_id").asInt(1), true, (float) j.path("hidden_dropout_prob").asDouble(0.1),
                        (float) j.path("attention_probs_dropout_prob").asDouble(0.1));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("config: " + cfg + " is not a valid Hugging Face config.json ("
                        + e.getMessage() + "); " + HOW + dir, e);
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            return inferred(weights(m));
        }
    }

    /** RoBERTa's shape from its tensors (12 heads unless the width is not a multiple of 64). */
    static EncoderConfig inferred(PretrainedWeights w) {
        NDArray word = require(w, "embeddings.word_embeddings.weight");
        int vocab = (int) word.getShape().get(0);
        int hidden = (int) word.getShape().get(1);
        int positions = (int) require(w, "embeddings.position_embeddings.weight").getShape().get(0);
        int types = (int) require(w, "embeddings.token_type_embeddings.weight").getShape().get(0);
        int inter = (int) require(w, "encoder.layer.0.intermediate.dense.weight").getShape().get(0);
        int layers = 0;
        while (w.tensors().containsKey("encoder.layer." + layers + ".attention.self.query.weight")) {
            layers++;
        }
        int heads = hidden % 64 == 0 ? hidden / 64 : 1;
        return new EncoderConfig(vocab, hidden, layers, heads, inter, positions, types, 1e-5f, 1, true, 0.1f, 0.1f);
    }

    private static NDArray require(PretrainedWeights w, String name) {
        NDArray a = w.tensors().get(name);
        if (a == null) {
            throw new IllegalArgumentException("weights: " + w.source() + " has no tensor " + name
                    + " (a RoBERTa checkpoint in Hugging Face's key names is expected)");
        }
        return a;
    }
}
