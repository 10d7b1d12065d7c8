package dev.metalora.custom;

import dev.metalora.nn.WithManager;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class SineWavesTest extends WithManager {

    @Test
    void amplitudesPhasesAndInputsLieInMamlsRangesAndTargetsAreTheWaves() {
        SineWaves family = SineWaves.maml().withTasks(50).withUnseenTasks(5);
        List<SineWaves.Wave> waves = family.waves(7);
        assertEquals(55, waves.size());
        for (SineWaves.Wave w : waves) {
            assertTrue(w.amplitude() >= 0.1 && w.amplitude() <= 5, "amplitude " + w.amplitude());
            assertTrue(w.phase() >= 0 && w.phase() <= Math.PI, "phase " + w.phase());
        }
        // 55 uniform draws cover most of each range.
        assertTrue(waves.stream().mapToDouble(SineWaves.Wave::amplitude).max().orElseThrow() > 4);
        assertTrue(waves.stream().mapToDouble(SineWaves.Wave::amplitude).min().orElseThrow() < 1);
        Tasks tasks = family.sample(7, manager);
        assertEquals(50, tasks.count());
        assertEquals(5, tasks.unseen().size());
        for (int i = 0; i < 55; i++) {
            TaskData d = i < 50 ? tasks.retraining().get(i) : tasks.unseen().get(i - 50);
            SineWaves.Wave w = waves.get(i);
            assertEquals(i < 50 ? 100 : 10, d.samples(), "retraining samples, or K shots");
            assertEquals(100, d.testX().getShape().get(0));
            for (NDArray[] xy : new NDArray[][]{{d.x(), d.y()}, {d.testX(), d.testY()}}) {
                float[] x = xy[0].toFloatArray(), y = xy[1].toFloatArray();
                for (int j = 0; j < x.length; j++) {
                    assertTrue(x[j] >= -5 && x[j] <= 5, "x " + x[j]);
                    assertEquals(w.at(x[j]), y[j], 1e-5 * (1 + Math.abs(y[j])), "y = a sin(x - phi) in float32");
                }
            }
        }
        assertEquals(1, tasks.inputs());
        assertEquals(1, tasks.outputs());
    }

    @Test
    void theSameSeedGivesTheSameTasksBitForBit() {
        SineWaves family = SineWaves.maml();
        Tasks a = family.sample(3, manager), b = family.sample(3, manager);
        for (int t = 0; t < a.count(); t++) {
            assertArrayEquals(a.retraining().get(t).x().toFloatArray(), b.retraining().get(t).x().toFloatArray());
            assertArrayEquals(a.retraining().get(t).testY().toFloatArray(), b.retraining().get(t).testY().toFloatArray());
        }
        assertArrayEquals(a.unseen().get(0).y().toFloatArray(), b.unseen().get(0).y().toFloatArray());
        // Sizes draw points from their own stream: more shots leave the waves unchanged.
        assertEquals(family.waves(3), family.withShots(5).withSamples(20).waves(3));
    }

    @Test
    void drawsAreDisjointAcrossTasksSplitsAndSeeds() {
        SineWaves family = SineWaves.maml();
        Set<SineWaves.Wave> seen = new HashSet<>(family.waves(1));
        assertEquals(family.tasks() + family.unseenTasks(), seen.size(), "every task its own wave");
        assertTrue(family.waves(2).stream().noneMatch(seen::contains), "another seed, other waves");
        Tasks tasks = family.sample(1, manager);
        Set<Float> trainX = new HashSet<>();
        for (TaskData d : tasks.retraining()) {
            for (float x : d.x().toFloatArray()) {
                trainX.add(x);
            }
        }
        for (TaskData d : tasks.retraining()) {
            for (float x : d.testX().toFloatArray()) {
                assertFalse(trainX.contains(x), "held-out point " + x + " is also a training point");
            }
        }
        for (float x : tasks.unseen().get(0).x().toFloatArray()) {
            assertFalse(trainX.contains(x), "fine-tuning point " + x + " is also a retraining point");
        }
    }

    @Test
    void badSizesAndFamiliesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> SineWaves.maml().withTasks(1));
        assertEquals("tasks: 1 must be at least 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SineWaves.maml().withShots(0));
        assertEquals("shots: 0 must be at least 1", e.getMessage());
        TaskData one = TaskData.of(manager, new float[][]{{1}}, new float[][]{{2}}, new float[][]{{1}}, new float[][]{{2}});
        TaskData two = TaskData.of(manager, new float[][]{{1, 2}}, new float[][]{{2}}, new float[][]{{1, 2}}, new float[][]{{2}});
        e = assertThrows(IllegalArgumentException.class, () -> new Tasks(List.of(one), List.of(one)));
        assertTrue(e.getMessage().startsWith("retraining: the task family gave 1 retraining task(s); meta-learning needs at least 2"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Tasks(List.of(one, one), List.of(two)));
        assertTrue(e.getMessage().startsWith("unseen: task 0 has x (1, 2)") && e.getMessage().contains("1 inputs"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TaskData.of(manager, new float[][]{{1}, {2}},
                new float[][]{{2}}, new float[][]{{1}}, new float[][]{{2}}));
        assertTrue(e.getMessage().startsWith("y: 1 samples for 2 in x"), e.getMessage());
    }
}
