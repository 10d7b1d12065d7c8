package dev.metalora.language;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FortunesTest {
    private static Fortunes fortunes;

    @BeforeAll
    static void read() {
        fortunes = Fortunes.read();
    }

    @Test
    void debianCorpusReadsEveryCategoryFile() {
        System.out.println("fortunes: " + fortunes + "; splittable entries " + fortunes.splittable());
        assertTrue(fortunes.categories().size() >= 40, fortunes.categories().toString());
        assertEquals(1251, fortunes.categories().get("people"));
        assertEquals("people", fortunes.categories().keySet().iterator().next());
    }

    @Test
    void splitIsDeterministicPerSeedAndDiffersAcrossSeeds() {
        TaskSplit a = fortunes.split(10, 10, 20, 0.2, 3);
        TaskSplit b = fortunes.split(10, 10, 20, 0.2, 3);
        TaskSplit c = fortunes.split(10, 10, 20, 0.2, 4);
        assertEquals(a, b);
        assertNotEquals(a.retraining().get(0).heldOut(), c.retraining().get(0).heldOut());
    }

    @Test
    void categoriesAndEntriesAreDisjointAcrossSplits() {
        TaskSplit s = fortunes.split(10, 10, 20, 0.2, 0);
        Set<String> retrain = new HashSet<>(s.retraining().stream().map(TextTask::name).toList());
        assertEquals(10, retrain.size());
        s.fineTuning().forEach(t -> assertTrue(!retrain.contains(t.name()), t.name()));
        for (TextTask t : concat(s.retraining(), s.fineTuning())) {
            Set<String> trainPairs = new HashSet<>();
            t.train().forEach(e -> trainPairs.add(e.context() + "|" + e.truth()));
            for (TextExample e : t.heldOut()) {
                assertTrue(!trainPairs.contains(e.context() + "|" + e.truth()), "held-out entry also trained on: " + e);
                assertEquals(20, e.candidates().size());
                assertEquals(20, new HashSet<>(e.candidates()).size());
            }
            // Distractors come from the same side of the split: every candidate is a continuation of that side.
            Set<String> trainTruths = new HashSet<>(t.train().stream().map(TextExample::truth).toList());
            Set<String> heldTruths = new HashSet<>(t.heldOut().stream().map(TextExample::truth).toList());
            t.train().forEach(x -> assertTrue(trainTruths.containsAll(x.candidates()), t.name()));
            t.heldOut().forEach(x -> assertTrue(heldTruths.containsAll(x.candidates()), t.name()));
        }
    }

    @Test
    void entrySplitsAtTheSentenceBoundaryNearestItsMiddle() {
        String[] p = Fortunes.splitEntry("One. Two three four.\nFive six seven eight nine.");
        assertEquals("One. Two three four.", p[0]);
        assertEquals("Five six seven eight nine.", p[1]);
        assertEquals(null, Fortunes.splitEntry("no boundary at all"));
    }

    @Test
    void unknownCategoryAndTooSmallTaskAreClearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> fortunes.task("no-such", 20, 0.2, 0));
        assertTrue(e.getMessage().contains("unknown 'no-such'") && e.getMessage().contains("people"), e.getMessage());
        String smallest = List.copyOf(fortunes.categories().keySet()).get(39);
        var s = assertThrows(IllegalArgumentException.class, () -> fortunes.task(smallest, 500, 0.2, 0));
        assertTrue(s.getMessage().contains("too few splittable entries"), s.getMessage());
    }

    private static List<TextTask> concat(List<TextTask> a, List<TextTask> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
