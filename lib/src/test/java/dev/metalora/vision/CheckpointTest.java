package dev.metalora.vision;

import dev.metalora.nn.WithManager;

import dev.metalora.peft.RetrainMethod;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointTest extends WithManager {

    /** A LoRA-ML model with two heads' worth of structure and every weight random, adapters included. */
    static Retrained randomModel() {
        MixerConfig config = MixerConfig.reference(1, 28).withWidth(16);
        TaskModel m = TaskModel.create(config, 3, 2, 1, 7, manager);
        SplittableRandom r = new SplittableRandom(1);
        Map<String, float[]> values = m.snapshot();
        for (float[] v : values.values()) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            v[0] = -0.0f;             // a sign bit that only a bitwise copy keeps
            v[v.length - 1] = Float.MIN_VALUE; // a subnormal
        }
        m.restore(values);
        return new Retrained(RetrainMethod.LORA_ML, m, new double[]{0.5, 0.75}, 1, new double[]{0.7, 0.4});
    }

    @Test
    void checkpointRoundTripsBitIdentically(@TempDir Path dir) throws IOException {
        Retrained saved = randomModel();
        Path path = Checkpoint.save(saved, "run-42", dir.resolve("ckpt/lora-ml.ckpt"));
        try (var files = Files.list(path.getParent())) {
            assertEquals(1, files.count(), "no temporary file left beside the checkpoint");
        }
        assertEquals("run-42", Checkpoint.key(path));
        Retrained loaded = Checkpoint.load(path, manager);
        Map<String, float[]> a = saved.model().snapshot();
        Map<String, float[]> b = loaded.model().snapshot();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            float[] x = a.get(k), y = b.get(k);
            assertEquals(x.length, y.length, k);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), k + "[" + i + "]");
            }
        }
        assertEquals(RetrainMethod.LORA_ML, loaded.method());
        assertEquals(1, loaded.bestEpoch());
        assertArrayEquals(saved.validationAccuracy(), loaded.validationAccuracy());
        assertEquals(saved.model().config(), loaded.model().config());
        assertEquals(3, loaded.model().adapters());

        // Same weights, same function: identical logits for every task.
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.randomNormal(new Shape(4, 1, 28, 28));
            ParameterStore ps = new ParameterStore(scope, false);
            for (int t = 0; t < 3; t++) {
                assertArrayEquals(saved.model().select(t).logits(ps, x, false).toFloatArray(),
                        loaded.model().select(t).logits(ps, x, false).toFloatArray());
            }
        }
    }

    @Test
    void corruptCheckpointIsRejectedWithItsPath(@TempDir Path dir) throws IOException {
        Path path = Checkpoint.save(randomModel(), "k", dir.resolve("m.ckpt"));
        byte[] bytes = Files.readAllBytes(path);
        Files.write(path, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(path, manager));
        assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
        assertNull(Checkpoint.key(dir.resolve("missing.ckpt")));
    }
}
