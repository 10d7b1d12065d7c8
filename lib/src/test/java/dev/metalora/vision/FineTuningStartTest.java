package dev.metalora.vision;

import dev.metalora.nn.WithManager;

import dev.metalora.peft.FineTuneMethod;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.metalora.data.Augmentation;
import dev.metalora.data.Normalization;
import dev.metalora.data.Preprocessing;
import dev.metalora.progress.Progress;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** Where each fine-tuning method starts: which weights come from retraining and which ones train. */
class FineTuningStartTest extends WithManager {
    static final MixerConfig CONFIG = MixerConfig.reference(1, 28).withWidth(16);
    static final FineTuning FT = new FineTuning(new TrainingSettings(1, 1, 8, 1e-3, 0, 1e-3, 1, 1, 1, 1, 1e-2, 1e-3, 64),
            new Preprocessing(Normalization.identity(1), Augmentation.none()), Progress.none());

    static Set<String> trainable(TaskModel m) {
        Set<String> s = new TreeSet<>();
        for (Map.Entry<String, Parameter> p : m.parameters().entrySet()) {
            if (p.getValue().requiresGradient()) {
                s.add(p.getKey());
            }
        }
        return s;
    }

    /** Logits of the same three random images under the model's current selection. */
    static float[] logits(TaskModel m) {
        try (NDManager scope = manager.newSubManager()) {
            manager.getEngine().setRandomSeed(9);
            NDArray x = scope.randomNormal(new Shape(3, 1, 28, 28));
            return m.logits(new ParameterStore(scope, false), x, false).toFloatArray();
        }
    }

    @Test
    void loraFineTuningStartsFromTheRetrainedFunctionAndTrainsOnlyItsAdapter() {
        // LoRA-ML model with 4 task adapters: fine-tuning drops them, keeps the base and head.
        TaskModel retrained = TaskModel.create(CONFIG, 4, 1, 1, 3, manager);
        TaskModel start = FT.startingPoint(FineTuneMethod.LORA, retrained, 5, manager);
        assertTrue(trainable(start).stream().allMatch(TaskModel::isAdapter), trainable(start).toString());
        // Embedding, two token-mixing, two channel-mixing layers and the head: 6 linear layers.
        assertEquals(2 * 6, trainable(start).size(), "down and up projection of every linear layer");
        // Up-projections start at zero, so the adapted model computes exactly the retrained base.
        retrained.model().selectBase();
        // Same weights and inputs through the same operations: equal up to the zero update's rounding.
        assertArrayEquals(logits(retrained), logits(start.select(0)), 1e-6f);
    }

    @Test
    void lastLayerFineTuningKeepsTheBodyAndTrainsAFreshHead() {
        TaskModel retrained = TaskModel.create(CONFIG, 0, 1, 1, 3, manager);
        TaskModel start = FT.startingPoint(FineTuneMethod.LAST_LAYER, retrained, 5, manager);
        assertEquals(Set.of("04head_01task0_weight", "04head_01task0_bias"), trainable(start));
        Map<String, float[]> a = retrained.snapshot(), b = start.snapshot();
        for (String k : a.keySet()) {
            if (TaskModel.isHead(k)) {
                assertFalse(java.util.Arrays.equals(a.get(k), b.get(k)), k + " is a fresh head");
            } else {
                assertArrayEquals(a.get(k), b.get(k), k + " comes from retraining");
            }
        }
    }

    @Test
    void loraFromPerTaskHeadsUsesAFreshFrozenHead() {
        TaskModel retrained = TaskModel.create(CONFIG, 0, 1, 4, 3, manager);
        TaskModel start = FT.startingPoint(FineTuneMethod.LORA, retrained, 5, manager);
        assertEquals(1, start.heads());
        assertTrue(trainable(start).stream().allMatch(TaskModel::isAdapter));
        assertFalse(java.util.Arrays.equals(retrained.snapshot().get("04head_01task0_weight"),
                start.snapshot().get("04head_01task0_weight")));
    }

    @Test
    void underReferenceCodeLoraFineTuningOfLoraMlStartsFromTaskZerosAdapters() {
        TrainingSettings reference = dev.metalora.Experiments.vision().referenceCode().config().training();
        assertEquals(FineTuneStart.TASK_0, reference.fineTuneStart());
        TaskModel retrained = TaskModel.create(CONFIG, 4, 1, 1, reference.adaptedBias(), 3, manager);
        // Random adapters, so that task 0's differ from every other task's and from a fresh one.
        java.util.SplittableRandom r = new java.util.SplittableRandom(8);
        Map<String, float[]> v = retrained.snapshot();
        v.values().forEach(a -> {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
            }
        });
        retrained.restore(v);
        FineTuning ft = new FineTuning(reference, new Preprocessing(Normalization.identity(1), Augmentation.none()),
                Progress.none());
        TaskModel start = ft.startingPoint(FineTuneMethod.LORA, retrained, 5, manager);
        var from = retrained.model().adaptedLayers();
        var to = start.model().adaptedLayers();
        assertEquals(6, to.size(), "every linear layer");
        for (int l = 0; l < to.size(); l++) {
            assertEquals(from.get(l).name(), to.get(l).name());
            float[][] pairs = {from.get(l).down().getArray().get(0).toFloatArray(), to.get(l).down().getArray().get(0).toFloatArray(),
                    from.get(l).up().getArray().get(0).toFloatArray(), to.get(l).up().getArray().get(0).toFloatArray()};
            for (int k = 0; k < 4; k += 2) {
                assertEquals(pairs[k].length, pairs[k + 1].length);
                for (int i = 0; i < pairs[k].length; i++) {
                    assertEquals(Float.floatToRawIntBits(pairs[k][i]), Float.floatToRawIntBits(pairs[k + 1][i]),
                            to.get(l).name() + (k == 0 ? " down" : " up") + "[" + i + "]");
                }
            }
            assertNull(to.get(l).bias(), "no bias in the reference code's adapted layers");
        }
        // An SR base (biases everywhere) fine-tuned so loses its biases and starts from a fresh adapter.
        TaskModel sr = TaskModel.create(CONFIG, 0, 1, 1, 3, manager);
        TaskModel srStart = ft.startingPoint(FineTuneMethod.LORA, sr, 5, manager);
        assertTrue(srStart.parameters().keySet().stream().noneMatch(k -> k.endsWith("_bias") && !k.contains("Norm")),
                srStart.parameters().keySet().toString());
        for (var l : srStart.model().adaptedLayers()) {
            for (float x : l.up().getArray().toFloatArray()) {
                assertEquals(0f, x);
            }
        }
    }
}
