package dev.metalora.peft;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.results.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Fine-tuning from a chosen task's adapter or head starts exactly there; checkpoints refuse other configurations. */
class FineTuningStartFromTaskTest extends NnTestSupport {
    static final ModelFactory STACK = PeftLayerTest.STACK;
    static final Shape INPUT = new Shape(3, 4);

    /** Every weight of {@code model} random (adapters included), so that copies can be told apart. */
    static void randomise(MultiTaskModel model, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, float[]> v = model.snapshot();
        v.values().forEach(a -> {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
            }
        });
        model.restore(v);
    }

    static void bitIdentical(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), what + "[" + i + "]");
        }
    }

    @Test
    void loraFromTaskTStartsFromThatTasksAdapterInEveryLayer() {
        try (NDManager m = manager.newSubManager()) {
            LoraConfig lora = LoraConfig.rank(2).targets("query", "value", "dense");
            MultiTaskModel base = Retraining.loraMl(lora).newModel(STACK, 3, INPUT, 1, m);
            randomise(base, 2);
            MultiTaskModel start = FineTuning.lora(lora).fromTask(2).startingPoint(STACK, base, INPUT, 7, m);
            assertEquals(3, start.adaptedLayers().size());
            for (LoraLinear l : start.adaptedLayers()) {
                LoraLinear from = base.adaptedLayers().stream().filter(b -> b.name().equals(l.name())).findFirst().orElseThrow();
                bitIdentical(from.down().getArray().get(2).toFloatArray(), l.down().getArray().get(0).toFloatArray(),
                        l.name() + " down");
                bitIdentical(from.up().getArray().get(2).toFloatArray(), l.up().getArray().get(0).toFloatArray(),
                        l.name() + " up");
                bitIdentical(from.weight().getArray().toFloatArray(), l.weight().getArray().toFloatArray(), l.name() + " W");
            }
            for (Parameter p : start.parameters().values()) {
                assertEquals(LoraLinear.isAdapter(p), p.requiresGradient(), p.getName());
            }
            // A fresh start instead: up-projections zero.
            MultiTaskModel fresh = FineTuning.lora(lora).startingPoint(STACK, base, INPUT, 7, m);
            for (LoraLinear l : fresh.adaptedLayers()) {
                for (float v : l.up().getArray().toFloatArray()) {
                    assertEquals(0f, v);
                }
            }
        }
    }

    @Test
    void lastLayerFromTaskTStartsFromThatTasksHead() {
        try (NDManager m = manager.newSubManager()) {
            MultiTaskModel base = Retraining.lastLayerMl().newModel(STACK, 3, INPUT, 1, m);
            randomise(base, 3);
            MultiTaskModel start = FineTuning.lastLayer().fromTask(1).startingPoint(STACK, base, INPUT, 7, m);
            LoraLinear head = start.headLayers().get(0).heads().get(0);
            LoraLinear source = base.headLayers().get(0).heads().get(1);
            bitIdentical(source.weight().getArray().toFloatArray(), head.weight().getArray().toFloatArray(), "head W");
            bitIdentical(source.bias().getArray().toFloatArray(), head.bias().getArray().toFloatArray(), "head b");
            for (Parameter p : start.parameters().values()) {
                assertEquals(start.isHead(p), p.requiresGradient(), p.getName());
            }
        }
    }

    @Test
    void loraMlWithPerTaskHeadsFineTunesANewAdapterAndANewHead() {
        try (NDManager m = manager.newSubManager()) {
            LoraConfig lora = LoraConfig.rank(1).targets("query", "value");
            MultiTaskModel base = Retraining.loraMl(lora, LastLayerConfig.heads()).newModel(STACK, 3, INPUT, 1, m);
            assertEquals(3, base.heads());
            assertEquals(3, base.adapters());
            randomise(base, 5);
            MultiTaskModel start = FineTuning.lora(lora).withHead().startingPoint(STACK, base, INPUT, 7, m);
            assertEquals(1, start.heads());
            for (Parameter p : start.parameters().values()) {
                assertEquals(LoraLinear.isAdapter(p) || start.isHead(p), p.requiresGradient(), p.getName());
            }
            float[] fresh = start.headLayers().get(0).heads().get(0).weight().getArray().toFloatArray();
            for (int t = 0; t < 3; t++) {
                assertFalse(java.util.Arrays.equals(fresh,
                        base.headLayers().get(0).heads().get(t).weight().getArray().toFloatArray()), "a new head");
            }
        }
    }

    @Test
    void startingFromATaskTheBaseDoesNotHaveIsRejected() {
        try (NDManager m = manager.newSubManager()) {
            MultiTaskModel sr = Retraining.standard().newModel(STACK, 3, INPUT, 1, m);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FineTuning.lora(LoraConfig.rank(1)).fromTask(0).startingPoint(STACK, sr, INPUT, 7, m));
            assertTrue(e.getMessage().startsWith("fromTask: 0") && e.getMessage().contains("LoRA-ML"), e.getMessage());
            MultiTaskModel ml = Retraining.loraMl(LoraConfig.rank(1)).newModel(STACK, 3, INPUT, 1, m);
            IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                    () -> FineTuning.lora(LoraConfig.rank(2)).fromTask(0).startingPoint(STACK, ml, INPUT, 7, m));
            assertTrue(rank.getMessage().contains("same rank"), rank.getMessage());
        }
    }

    @Test
    void aCheckpointFromAnotherConfigurationIsRefused(@TempDir Path dir) {
        try (NDManager m = manager.newSubManager()) {
            MultiTaskModel model = Retraining.loraMl(LoraConfig.rank(1)).newModel(STACK, 2, INPUT, 1, m);
            randomise(model, 4);
            Retrained r = new Retrained(RetrainMethod.LORA_ML, model, new double[] {0.5}, 0, new double[] {1});
            ObjectNode extra = Json.object().put("note", "test");
            Path file = Checkpoint.save(r, "{\"rank\":1}", extra, dir.resolve("a.ckpt"));
            MultiTaskModel into = Retraining.loraMl(LoraConfig.rank(1)).newModel(STACK, 2, INPUT, 9, m);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Checkpoint.load(file, "{\"rank\":2}", into));
            assertTrue(e.getMessage().startsWith("checkpoint: ") && e.getMessage().contains("{\"rank\":1}")
                    && e.getMessage().contains("{\"rank\":2}"), e.getMessage());
            Retrained loaded = Checkpoint.load(file, "{\"rank\":1}", into);
            Map<String, float[]> a = model.snapshot(), b = loaded.model().snapshot();
            a.forEach((k, v) -> bitIdentical(v, b.get(k), k));
            assertEquals("test", Checkpoint.read(file).header().get("note").asText());
            MultiTaskModel other = Retraining.standard().newModel(STACK, 2, INPUT, 9, m);
            assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, "{\"rank\":1}", other),
                    "other parameters");
        }
    }

    @Test
    void optimizerSchedulesSpanTheRunAndClipping() {
        OptimizerSpec warm = OptimizerSpec.adamW(1.0).withLinearWarmup(0.1, 2).forRun(100);
        // Warm-up to lr over 10 updates, then linear towards 0 at update 200.
        assertEquals(0.5, warm.lrAt(5), 1e-6);
        assertEquals(1.0, warm.lrAt(10), 1e-6);
        assertEquals(0.5, warm.lrAt(105), 1e-6);
        assertEquals(100, OptimizerSpec.adam(1).withCosine().forRun(100).cosineSteps());
        try (NDManager m = manager.newSubManager()) {
            var g = java.util.List.of(m.create(new float[] {3, 0}), m.create(new float[] {0, 4}));
            TrainingLoop.clip(g, 1.0);
            // Global norm 5 scaled to 1.
            assertArrayEquals(new float[] {0.6f, 0}, g.get(0).toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {0, 0.8f}, g.get(1).toFloatArray(), 1e-5f);
        }
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.adam(1).withGradientClipping(-1));
    }
}
