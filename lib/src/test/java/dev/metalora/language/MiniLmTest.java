package dev.metalora.language;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.metalora.nn.NnRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MiniLmTest {
    private static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "A man is playing a guitar.",
            "Meta-learning finds a base that adapts quickly to unseen tasks with few parameters.",
            "What goes up must come down.",
            "hello");

    private static NDManager manager;
    private static PretrainedWeights weights;

    @BeforeAll
    static void load() {
        manager = NnRuntime.newManager(ai.djl.Device.cpu());
        weights = MiniLm.weights(manager);
    }

    @Test
    void meanPooledEmbeddingsMatchOnnxRuntimeTo1e4() throws Exception {
        TransformerEncoder encoder = TransformerEncoder.pretrained(MiniLm.config(), weights, LinearFactory.plain(0), manager);
        byte[] model;
        try (InputStream in = MiniLm.resource(MiniLm.ONNX_RESOURCE)) {
            model = in.readAllBytes();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (TextEncoder tokenizer = MiniLm.tokenizer();
             OrtSession session = env.createSession(model, new OrtSession.SessionOptions())) {
            double worst = 0;
            for (String s : SENTENCES) {
                TextEncoder.Encoded e = tokenizer.sentence(s);
                NDList in = TextEncoder.batch(List.of(e), 0, manager);
                NDArray hidden = encoder.forward(new ParameterStore(manager, false), in, false).singletonOrThrow();
                float[] ours = TransformerEncoder.meanPool(hidden, in.get(2)).toFloatArray();

                long[][] ids = {e.ids()};
                long[][] mask = {new long[e.length()]};
                java.util.Arrays.fill(mask[0], 1);
                long[][] types = {e.types()};
                try (OnnxTensor a = OnnxTensor.createTensor(env, ids);
                     OnnxTensor b = OnnxTensor.createTensor(env, mask);
                     OnnxTensor c = OnnxTensor.createTensor(env, types);
                     OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
                    float[][][] last = (float[][][]) r.get(0).getValue();
                    assertEquals(ours.length, last[0][0].length);
                    for (int j = 0; j < ours.length; j++) {
                        double mean = 0;
                        for (float[] token : last[0]) {
                            mean += token[j];
                        }
                        mean /= last[0].length;
                        worst = Math.max(worst, Math.abs(mean - ours[j]));
                    }
                }
            }
            System.out.println("largest difference to ONNX Runtime over " + SENTENCES.size() + " sentences: " + worst);
            assertTrue(worst < 1e-4, "largest difference to ONNX Runtime " + worst);
        }
    }

    @Test
    void misShapedOrMissingTensorIsNamedWithBothShapes() {
        EncoderConfig wider = new EncoderConfig(30522, 384, 2, 12, 1024, 512, 2, 1e-12f, 0, false, 0.1f, 0.1f);
        var e = assertThrows(IllegalArgumentException.class,
                () -> TransformerEncoder.pretrained(wider, weights, LinearFactory.plain(0), manager));
        assertTrue(e.getMessage().contains("encoder.layer.0.intermediate.dense.weight: expected shape (1024, 384), found (1536, 384)"),
                e.getMessage());
        EncoderConfig deeper = MiniLm.config();
        deeper = new EncoderConfig(30522, 384, 7, 12, 1536, 512, 2, 1e-12f, 0, false, 0.1f, 0.1f);
        EncoderConfig d = deeper;
        var m = assertThrows(IllegalArgumentException.class,
                () -> TransformerEncoder.pretrained(d, weights, LinearFactory.plain(0), manager));
        assertTrue(m.getMessage().contains("encoder.layer.6.attention.self.query.weight: missing (expected shape (384, 384))"),
                m.getMessage());
    }

    @Test
    void tokenizerOfAnotherVocabularyIsRefused() throws Exception {
        byte[] json;
        try (InputStream in = MiniLm.resource(MiniLm.TOKENIZER_RESOURCE)) {
            json = in.readAllBytes();
        }
        EncoderConfig roberta = EncoderConfig.robertaBase();
        var e = assertThrows(IllegalArgumentException.class,
                () -> TextEncoder.open(json, "minilm tokenizer", TextEncoder.PairFormat.ROBERTA, roberta));
        assertTrue(e.getMessage().contains("vocabulary of 30522 tokens but the weights' embedding table has 50265"), e.getMessage());
    }

    @Test
    void overlongPairIsTruncatedToThePositionsNotRefused() {
        try (TextEncoder tokenizer = MiniLm.tokenizer()) {
            String longText = "word ".repeat(2000);
            TextEncoder.Encoded e = tokenizer.pair(longText, "the end");
            assertEquals(512, e.length());
            assertEquals(1, tokenizer.truncatedCount());
            TransformerEncoder encoder = TransformerEncoder.pretrained(MiniLm.config().withLayers(1), weights,
                    LinearFactory.plain(0), manager);
            NDList in = TextEncoder.batch(List.of(e), 0, manager);
            NDArray h = encoder.forward(new ParameterStore(manager, false), in, false).singletonOrThrow();
            assertEquals(new ai.djl.ndarray.types.Shape(1, 512, 384), h.getShape());
        }
    }
}
