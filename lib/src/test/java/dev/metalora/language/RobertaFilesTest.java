package dev.metalora.language;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.metalora.nn.NnRuntime;
import dev.metalora.peft.Linears;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A random 2-layer RoBERTa written as Hugging Face files, loaded, and checked against a forward pass written out by hand. */
class RobertaFilesTest {
    private static final int VOCAB = 12;
    private static final int H = 64;
    private static final int INTER = 128;
    private static final int POSITIONS = 16;
    private static final int PAD = 1;

    @Test
    void loadedTinyRobertaGivesTheLogitsOfTheSameWeightsAssembledByHand(@TempDir Path dir) throws Exception {
        try (NDManager m = NnRuntime.newManager(Device.cpu())) {
            Map<String, NDArray> w = writeTinyRoberta(dir, m);
            RobertaFiles files = RobertaFiles.in(dir);
            EncoderConfig config = files.config();
            assertEquals(new EncoderConfig(VOCAB, H, 2, 1, INTER, POSITIONS, 1, 1e-5f, PAD, true, 0.1f, 0.1f), config);
            Block model = PairScorer.factory(config, files.weights(m)).build(Linears.plain(), 3);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8));
            PairScorer scorer = (PairScorer) model;

            long[][] ids = {{0, 5, 6, 2, 0, 7, 2}, {0, 8, 2, 0, 9, 2, PAD}};
            long[] packed = new long[2 * 3 * 7];
            for (int r = 0; r < 2; r++) {
                for (int j = 0; j < 7; j++) {
                    packed[r * 21 + j] = ids[r][j];
                    packed[r * 21 + 14 + j] = ids[r][j] == PAD ? 0 : 1;
                }
            }
            float[] logits = model.forward(new ParameterStore(m, false), new NDList(m.create(packed, new Shape(2, 3, 7))), false)
                    .singletonOrThrow().toFloatArray();

            Map<String, NDArray> head = new LinkedHashMap<>();
            scorer.getChildren().forEach(c -> {
                if (!c.getKey().endsWith("encoder")) {
                    String n = c.getKey().endsWith("dense") ? "classifier.dense" : "classifier.out_proj";
                    c.getValue().getParameters().forEach(p -> head.put(n + "." + p.getValue().getName(), p.getValue().getArray()));
                }
            });
            for (int r = 0; r < 2; r++) {
                float[] expected = byHand(w, head, ids[r], m);
                for (int k = 0; k < 2; k++) {
                    assertEquals(expected[k], logits[r * 2 + k], 1e-4, "pair " + r + " logit " + k);
                }
            }
            try (TextEncoder tok = TextEncoder.open(files.tokenizer(), TextEncoder.PairFormat.ROBERTA, config)) {
                TextEncoder.Encoded e = tok.pair("hello world", "bye");
                assertEquals(java.util.List.of(0L, 5L, 6L, 2L, 0L, 7L, 2L),
                        java.util.Arrays.stream(e.ids()).boxed().toList());
            }
        }
    }

    @Test
    void missingOrMalformedFilesNameTheFileAndWhereToGetIt(@TempDir Path dir) throws Exception {
        var missing = assertThrows(IllegalArgumentException.class, () -> RobertaFiles.in(dir));
        assertTrue(missing.getMessage().contains("model.safetensors does not exist")
                && missing.getMessage().contains("huggingface.co/roberta-base"), missing.getMessage());
        Files.writeString(dir.resolve("model.safetensors"), "not a safetensors file");
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        try (NDManager m = NnRuntime.newManager(Device.cpu())) {
            var bad = assertThrows(IllegalArgumentException.class, () -> RobertaFiles.in(dir).weights(m));
            assertTrue(bad.getMessage().contains("model.safetensors is not a readable safetensors file"), bad.getMessage());
        }
    }

    /** Random weights in Hugging Face's RoBERTa names (with the "roberta." prefix), a WordLevel tokenizer.json. */
    static Map<String, NDArray> writeTinyRoberta(Path dir, NDManager m) throws Exception {
        Random rng = new Random(7);
        Map<String, NDArray> w = new LinkedHashMap<>();
        put(w, m, rng, "embeddings.word_embeddings.weight", VOCAB, H);
        put(w, m, rng, "embeddings.position_embeddings.weight", POSITIONS, H);
        put(w, m, rng, "embeddings.token_type_embeddings.weight", 1, H);
        norm(w, m, rng, "embeddings.LayerNorm");
        for (int l = 0; l < 2; l++) {
            String p = "encoder.layer." + l + ".";
            for (String q : new String[] {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
                put(w, m, rng, p + q + ".weight", H, H);
                put(w, m, rng, p + q + ".bias", H);
            }
            norm(w, m, rng, p + "attention.output.LayerNorm");
            put(w, m, rng, p + "intermediate.dense.weight", INTER, H);
            put(w, m, rng, p + "intermediate.dense.bias", INTER);
            put(w, m, rng, p + "output.dense.weight", H, INTER);
            put(w, m, rng, p + "output.dense.bias", H);
            norm(w, m, rng, p + "output.LayerNorm");
        }
        NDList list = new NDList();
        w.forEach((k, v) -> {
            NDArray c = v.duplicate();
            c.setName("roberta." + k);
            list.add(c);
        });
        Files.write(dir.resolve("model.safetensors"), list.encode(NDList.Encoding.SAFETENSORS));
        Files.writeString(dir.resolve("tokenizer.json"), """
                {"version":"1.0","truncation":null,"padding":null,
                 "added_tokens":[{"id":0,"content":"<s>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                                 {"id":1,"content":"<pad>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                                 {"id":2,"content":"</s>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                                 {"id":3,"content":"<unk>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}],
                 "normalizer":null,"pre_tokenizer":{"type":"Whitespace"},
                 "post_processor":{"type":"RobertaProcessing","sep":["</s>",2],"cls":["<s>",0],"trim_offsets":true,"add_prefix_space":false},
                 "decoder":null,
                 "model":{"type":"WordLevel","vocab":{"<s>":0,"<pad>":1,"</s>":2,"<unk>":3,"x":4,"hello":5,"world":6,"bye":7,
                          "a":8,"b":9,"c":10,"d":11},"unk_token":"<unk>"}}
                """);
        return w;
    }

    private static void put(Map<String, NDArray> w, NDManager m, Random rng, String name, long... shape) {
        int n = (int) new Shape(shape).size();
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rng.nextGaussian() * 0.2);
        }
        w.put(name, m.create(v, new Shape(shape)));
    }

    private static void norm(Map<String, NDArray> w, NDManager m, Random rng, String name) {
        float[] g = new float[H];
        float[] b = new float[H];
        for (int i = 0; i < H; i++) {
            g[i] = (float) (1 + 0.1 * rng.nextGaussian());
            b[i] = (float) (0.1 * rng.nextGaussian());
        }
        w.put(name + ".weight", m.create(g));
        w.put(name + ".bias", m.create(b));
    }

    /** RoBERTa's forward pass for one sequence, written out with matrix products, then the classification head. */
    private static float[] byHand(Map<String, NDArray> w, Map<String, NDArray> head, long[] ids, NDManager m) {
        int len = ids.length;
        float[] word = w.get("embeddings.word_embeddings.weight").toFloatArray();
        float[] pos = w.get("embeddings.position_embeddings.weight").toFloatArray();
        float[] type = w.get("embeddings.token_type_embeddings.weight").toFloatArray();
        float[] x0 = new float[len * H];
        float[] mask = new float[len];
        int count = 0;
        for (int t = 0; t < len; t++) {
            boolean real = ids[t] != PAD;
            mask[t] = real ? 1 : 0;
            count += real ? 1 : 0;
            int position = real ? PAD + count : PAD;
            for (int j = 0; j < H; j++) {
                x0[t * H + j] = word[(int) ids[t] * H + j] + pos[position * H + j] + type[j];
            }
        }
        NDArray x = ln(m.create(x0, new Shape(len, H)), w, "embeddings.LayerNorm");
        NDArray bias = m.create(mask).sub(1f).mul(1e9f).reshape(1, len);
        for (int l = 0; l < 2; l++) {
            String p = "encoder.layer." + l + ".";
            NDArray q = lin(x, w, p + "attention.self.query");
            NDArray k = lin(x, w, p + "attention.self.key");
            NDArray v = lin(x, w, p + "attention.self.value");
            NDArray a = q.matMul(k.transpose()).div((float) Math.sqrt(H)).add(bias).softmax(1).matMul(v);
            x = ln(x.add(lin(a, w, p + "attention.output.dense")), w, p + "attention.output.LayerNorm");
            NDArray inner = Activation.gelu(lin(x, w, p + "intermediate.dense"));
            x = ln(x.add(lin(inner, w, p + "output.dense")), w, p + "output.LayerNorm");
        }
        NDArray first = x.get("0:1");
        NDArray d = lin(first, head, "classifier.dense").tanh();
        return lin(d, head, "classifier.out_proj").toFloatArray();
    }

    private static NDArray lin(NDArray x, Map<String, NDArray> w, String name) {
        return x.matMul(w.get(name + ".weight").transpose()).add(w.get(name + ".bias"));
    }

    private static NDArray ln(NDArray x, Map<String, NDArray> w, String name) {
        NDArray mean = x.mean(new int[] {1}, true);
        NDArray c = x.sub(mean);
        NDArray var = c.square().mean(new int[] {1}, true);
        return c.div(var.add(1e-5f).sqrt()).mul(w.get(name + ".weight")).add(w.get(name + ".bias"));
    }
}
