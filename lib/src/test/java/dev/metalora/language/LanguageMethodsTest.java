package dev.metalora.language;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.metalora.nn.WithManager;
import dev.metalora.peft.FineTuned;
import dev.metalora.peft.FineTuning;
import dev.metalora.peft.LastLayerConfig;
import dev.metalora.peft.LoraConfig;
import dev.metalora.peft.LoraLinear;
import dev.metalora.peft.ModelFactory;
import dev.metalora.peft.MultiTaskModel;
import dev.metalora.peft.OptimizerSpec;
import dev.metalora.peft.Retrained;
import dev.metalora.peft.Retraining;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The language protocol on the PEFT layer, with a tiny random encoder over MiniLM's vocabulary and fortunes tasks. */
class LanguageMethodsTest extends WithManager {
    private static final EncoderConfig TINY = new EncoderConfig(30522, 16, 2, 2, 32, 48, 2, 1e-12f, 0, false, 0.1f, 0.1f);
    private static List<PairTask> tasks;
    private static ModelFactory factory;

    @BeforeAll
    static void setUp() {
        TaskSplit split = Fortunes.read().split(2, 1, 4, 0.2, 0);
        try (TextEncoder tokenizer = TextEncoder.open(readTokenizer(), "minilm", TextEncoder.PairFormat.BERT, TINY)) {
            tasks = java.util.stream.Stream.concat(split.retraining().stream(), split.fineTuning().stream())
                    .map(t -> new PairTask(t.limit(4, 3, 4), tokenizer, 2, 0)).toList();
        }
        factory = PairScorer.factory(TINY, null);
    }

    static byte[] readTokenizer() {
        try (var in = MiniLm.resource(MiniLm.TOKENIZER_RESOURCE)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void twoStepRetrainingOfEveryMethodRunsAndScoresHitsAt1() {
        LoraConfig lora = LanguageExperiment.referenceLora();
        List<Retraining> methods = List.of(Retraining.standard(), Retraining.loraMl(lora, LanguageExperiment.HEADS),
                Retraining.lastLayerMl(LanguageExperiment.HEADS),
                Retraining.reptile().inner(2, OptimizerSpec.adamW(5e-5)));
        for (Retraining method : methods) {
            Retraining r = method.epochs(1).optimizer(OptimizerSpec.adamW(5e-5).withLinearWarmup(0.1, 6.67));
            try (NDManager m = manager.newSubManager()) {
                Retrained out = r.run(factory, tasks.subList(0, 2), 0, m);
                double s = out.bestScore();
                assertTrue(s >= 0 && s <= 1, r + ": hits@1 " + s);
                assertTrue(Arrays.stream(out.trainLoss()).allMatch(Double::isFinite), r.toString());
            }
        }
    }

    @Test
    void loraOnEveryLinearLayerLeavesFrozenWeightsBitIdentical() {
        try (NDManager m = manager.newSubManager()) {
            Retrained base = Retraining.standard().epochs(1).run(factory, tasks.subList(0, 2), 1, m);
            Map<String, float[]> before = base.model().snapshot();
            FineTuning ft = FineTuning.lora(LanguageExperiment.referenceLora()).withHead().epochs(2)
                    .optimizer(OptimizerSpec.adamW(1e-2));
            FineTuned tuned = ft.run(factory, base.model(), tasks.get(2), 1, m);
            MultiTaskModel model = tuned.model();
            int adapted = 0;
            for (LoraLinear l : model.loraLayers()) {
                adapted += l.tasks() > 0 ? 1 : 0;
            }
            assertEquals(2 * 6 + 1, adapted, "adapters on every encoder linear layer and the head's dense layer");
            boolean adapterMoved = false;
            Map<String, Parameter> params = model.parameters();
            for (var e : params.entrySet()) {
                float[] now = e.getValue().getArray().toFloatArray();
                if (LoraLinear.isAdapter(e.getValue()) || model.isHead(e.getValue())) {
                    adapterMoved |= e.getKey().endsWith("loraUp") && Arrays.stream(toDouble(now)).anyMatch(v -> v != 0);
                    continue;
                }
                float[] was = before.get(e.getKey());
                assertArrayEquals(was, now, e.getKey() + " changed under LoRA fine-tuning");
            }
            assertTrue(adapterMoved, "the adapters must have trained");
            assertFalse(params.isEmpty());
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
