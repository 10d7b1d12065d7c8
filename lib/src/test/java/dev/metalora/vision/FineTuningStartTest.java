package dev.metalora.vision;

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
}
