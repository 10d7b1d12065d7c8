package dev.metalora.language;

import net.razorvine.pickle.Pickler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ConvAI2's "self original" format and the PAML persona maps, on a few dialogues the test writes. */
class ConvAI2Test {

    /** One dialogue of {@code turns} turns with 3 candidates each, the true response last as in ConvAI2. */
    private static String dialogue(String persona, String tag, int turns) {
        StringBuilder sb = new StringBuilder();
        int n = 1;
        sb.append(n++).append(" your persona: ").append(persona).append('\n');
        for (int t = 0; t < turns; t++) {
            String u = tag + " utterance " + t;
            String r = tag + " response " + t;
            sb.append(n++).append(' ').append(u).append('\t').append(r).append("\t\t")
                    .append("wrong a ").append(t).append('|').append("wrong b ").append(t).append('|').append(r).append('\n');
        }
        return sb.toString();
    }

    private static void write(Path dir, String file, String text) throws Exception {
        Files.writeString(dir.resolve(file), text);
    }

    private static void writeMap(Path dir, String file, Map<Integer, List<String>> map) throws Exception {
        Files.write(dir.resolve(file), new Pickler().dumps(map));
    }

    @Test
    void dialoguesGroupIntoPersonaClustersWithTheLastOnesHeldOut(@TempDir Path dir) throws Exception {
        StringBuilder train = new StringBuilder();
        List<String> c1 = new ArrayList<>();
        List<String> c2 = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            train.append(dialogue("i like ski " + d + ".", "A" + d, 2));
            c1.add("I like ski " + d + ".");
        }
        for (int d = 0; d < 4; d++) {
            train.append(dialogue("i am a cat " + d + ".", "B" + d, 1));
            c2.add("i am a cat " + d + ".");
        }
        train.append(dialogue("unmapped persona.", "U", 3));
        write(dir, ConvAI2.TRAIN, train.toString());
        write(dir, ConvAI2.VALID, dialogue("i sing.", "V0", 2) + dialogue("i sing.", "V1", 2) + dialogue("i sing.", "V2", 1));
        writeMap(dir, ConvAI2.TRAIN_MAP, Map.of(0, List.of("unmapped persona."), 1, c1, 2, c2));
        writeMap(dir, ConvAI2.VALID_MAP, Map.of(5, List.of("i sing.")));

        ConvAI2 data = ConvAI2.read(dir);
        assertEquals(10, data.trainDialogues().size());
        TaskSplit split = data.split(2, 1);
        TextTask first = split.retraining().get(0);
        assertEquals("cluster-1", first.name());
        assertEquals(2 * 2, first.train().size(), "2 dialogues of 2 turns trained on");
        assertEquals(3 * 2, first.heldOut().size(), "the last 3 dialogues held out");
        TextExample second = first.train().get(1);
        assertEquals("A0 utterance 0 A0 response 0 A0 utterance 1", second.context());
        assertEquals(2, second.label());
        assertEquals("A0 response 1", second.truth());
        assertEquals("cluster-2", split.retraining().get(1).name());
        TextTask unseen = split.fineTuning().get(0);
        assertEquals(1 * 2, unseen.train().size());
        assertEquals(2 + 1, unseen.heldOut().size(), "the last 2 validation dialogues held out");
    }

    @Test
    void missingAndMalformedFilesAreNamedWithWhereToGetThem(@TempDir Path dir) throws Exception {
        var missing = assertThrows(IllegalArgumentException.class, () -> ConvAI2.read(dir));
        assertTrue(missing.getMessage().contains(ConvAI2.TRAIN) && missing.getMessage().contains("ParlAI"), missing.getMessage());
        write(dir, ConvAI2.TRAIN, "1 your persona: x.\n2 hello there\n");
        write(dir, ConvAI2.VALID, dialogue("y.", "V", 1));
        writeMap(dir, ConvAI2.TRAIN_MAP, Map.of(1, List.of("x.")));
        writeMap(dir, ConvAI2.VALID_MAP, Map.of(1, List.of("y.")));
        var bad = assertThrows(IllegalArgumentException.class, () -> ConvAI2.read(dir));
        assertTrue(bad.getMessage().contains(ConvAI2.TRAIN + " line 2 is malformed"), bad.getMessage());
        write(dir, ConvAI2.TRAIN, dialogue("x.", "A", 1));
        Files.writeString(dir.resolve(ConvAI2.TRAIN_MAP), "not a pickle");
        var pickle = assertThrows(IllegalArgumentException.class, () -> ConvAI2.read(dir));
        assertTrue(pickle.getMessage().contains(ConvAI2.TRAIN_MAP + " is not a readable pickle")
                && pickle.getMessage().contains("PAML"), pickle.getMessage());
    }
}
