package dev.metalora.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TaskProtocolTest {
    static TaskProtocol.Split split;

    @BeforeAll
    static void load() {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST not installed");
        split = TaskProtocol.reference().split(FashionMnist.train(), FashionMnist.test());
    }

    @Test
    void referenceSplitHasTheRightClassesSizesAndLabels() {
        List<BinaryTask> r = split.retraining();
        assertEquals(4, r.size());
        for (int t = 0; t < 4; t++) {
            BinaryTask task = r.get(t);
            assertEquals(ClassPair.of(2 * t, 2 * t + 1), task.pair());
            // Two classes of 6000 training and 1000 test images each.
            assertEquals(12_000, task.train().size());
            assertEquals(2_000, task.test().size());
            assertEquals(6_000, java.util.Arrays.stream(task.train().labels()).filter(l -> l == 1).count());
        }
        assertEquals(ClassPair.of(8, 9), split.unseen().pair());
        assertEquals(12_000, split.unseen().train().size());
        assertEquals(2_000, split.unseen().test().size());
    }

    @Test
    void labelIsClassModTwoForEveryImage() {
        ImageSet train = FashionMnist.train();
        // Recover each task image's original class from its pixels' position in the full set.
        BinaryTask t = split.retraining().get(1);
        int[] originals = java.util.stream.IntStream.range(0, train.size())
                .filter(i -> train.label(i) == 2 || train.label(i) == 3).toArray();
        assertEquals(originals.length, t.train().size());
        for (int k = 0; k < originals.length; k += 97) {
            assertEquals(train.label(originals[k]) % 2, t.train().label(k));
            assertEquals(train.pixel(originals[k], 0, 14, 14), t.train().pixel(k, 0, 14, 14));
        }
    }

    @Test
    void sampleIsSeededAndBounded() {
        TaskProtocol.Split a = split.sample(100, 50, 80, 40, 7);
        TaskProtocol.Split b = split.sample(100, 50, 80, 40, 7);
        TaskProtocol.Split c = split.sample(100, 50, 80, 40, 8);
        assertEquals(100, a.retraining().get(0).train().size());
        assertEquals(50, a.retraining().get(3).test().size());
        assertEquals(80, a.unseen().train().size());
        assertEquals(40, a.unseen().test().size());
        assertArrayEquals(a.unseen().train().labels(), b.unseen().train().labels());
        assertNotEquals(java.util.Arrays.toString(a.retraining().get(0).train().labels()),
                java.util.Arrays.toString(c.retraining().get(0).train().labels()));
    }

    @Test
    void configuredPairsLabelByPositionInThePair() {
        ImageSet train = FashionMnist.train(), test = FashionMnist.test();
        TaskProtocol p = new TaskProtocol(List.of(ClassPair.of(3, 1)), ClassPair.of(0, 2));
        TaskProtocol.Split s = p.split(train, test);
        BinaryTask t = s.retraining().get(0);
        // Class 3 is first in its pair: label 0 (not 3 mod 2 = 1); class 1 second: label 1.
        int[] originals = java.util.stream.IntStream.range(0, test.size())
                .filter(i -> test.label(i) == 1 || test.label(i) == 3).toArray();
        for (int k = 0; k < originals.length; k++) {
            assertEquals(test.label(originals[k]) == 3 ? 0 : 1, t.test().label(k));
        }
        assertEquals(ClassPair.of(0, 2), s.unseen().pair());
        assertEquals(2_000, s.unseen().test().size());
    }

    @Test
    void overlappingPairsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TaskProtocol(List.of(ClassPair.of(0, 1), ClassPair.of(1, 2)), ClassPair.of(8, 9)));
        assertTrue(e.getMessage().contains("pairs"));
    }
}
