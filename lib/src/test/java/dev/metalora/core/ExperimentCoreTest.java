package dev.metalora.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metalora.progress.Progress;
import dev.metalora.runner.Runner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The experiment core on a setting of a few lines ({@link Toy}): sweeps, tables, JSON, CSV, runners, bad input. */
class ExperimentCoreTest {

    private static Toy.Experiment toy() {
        return new Toy.Experiment().progress(Progress.none());
    }

    @Test
    void trialsGiveTheSameResultWhateverTheChunking() {
        Toy.Result whole = toy().trials(7).run();
        for (int p : new int[] {2, 3, 7, 20}) {
            SplittingRunner runner = new SplittingRunner(p);
            Toy.Result split = toy().trials(7).on(runner).run();
            assertEquals(Math.min(p, 7), runner.jobs(), "one job per chunk");
            assertArrayEquals(whole.loraMl().value().values(), split.loraMl().value().values(), "parallelism " + p);
            assertArrayEquals(whole.standard().value().values(), split.standard().value().values());
        }
    }

    @Test
    void chunksCoverEveryTrialOnceInOrder() {
        List<TrialChunk<Integer>> chunks = TrialChunk.split(0, 10, 3);
        assertEquals(List.of(4, 3, 3), chunks.stream().map(TrialChunk::count).toList());
        assertEquals(List.of(0, 4, 7), chunks.stream().map(TrialChunk::first).toList());
        assertEquals(1, TrialChunk.split(0, 10, 1).size());
        assertEquals(2, TrialChunk.split(0, 2, 16).size());
    }

    @Test
    void sweepRunsEveryValueOnTheRunnerAndEachEqualsTheSingleRun() {
        SplittingRunner runner = new SplittingRunner(2);
        Toy.Swept s = toy().trials(3).vary("samples", 5, 50).on(runner).run();
        assertEquals(4, runner.jobs(), "2 values x 2 chunks in one call");
        assertArrayEquals(new double[] {5, 50}, s.values());
        assertArrayEquals(toy().trials(3).samples(50).run().loraMl().value().values(),
                s.run(1).loraMl().value().values());
    }

    @Test
    void sweepExportsJsonCsvAndATableRowPerValue(@TempDir Path dir) throws Exception {
        Toy.Swept s = toy().trials(2).vary("scale", 0.5, 2).run();
        JsonNode j = s.toJson();
        assertEquals("scale", j.get("parameter").asText());
        assertEquals("[0.5,2.0]", j.get("values").toString());
        assertEquals(2.0, j.get("runs").get(1).get("value").asDouble());
        assertEquals(2, j.get("runs").get(1).get("config").get("trials").asInt());
        assertEquals(2, j.get("runs").get(0).get("methods").get("lora-ml").get("value").get("values").size());
        List<String> lines = Files.readAllLines(s.toCsv(dir.resolve("toy.csv")));
        assertEquals("parameter,value,method,trial,value,run_seconds", lines.get(0));
        assertEquals(1 + 2 * 2 * 2, lines.size());
        assertTrue(lines.get(8).startsWith("scale,2.0,standard,1,"), lines.get(8));
        String[] rows = s.summary().split("\n");
        assertTrue(rows[1].contains("LoRA-ML value") && rows[1].contains("SR value"), rows[1]);
        assertTrue(rows[2].startsWith("s = 0.500") && rows[3].startsWith("s = 2.00"), s.summary());
        assertEquals(List.of("values"), List.copyOf(s.plot().names()));
    }

    @Test
    void varyingLeavesTheBuilderItCameFromAsItWas() {
        Toy.Experiment e = toy().samples(7);
        e.vary("samples", 1, 2).trials(9);
        assertEquals(7, e.config().samples());
        assertEquals(4, e.config().trials());
    }

    @Test
    void comparisonTableHasARowPerMethod() {
        Toy.Result r = toy().run();
        String[] lines = r.summary().split("\n");
        assertTrue(lines[2].startsWith("LoRA-ML") && lines[3].startsWith("SR"), r.summary());
        assertEquals(r.loraMl().value().mean(), r.toJson().get("methods").get("lora-ml").get("value").get("mean").asDouble());
    }

    @Test
    void parameterAndResultsSurviveSerialisation() {
        Toy.Swept s = toy().trials(2).vary("samples", 3, 4).run();
        Toy.Swept back = Serialization.roundTrip(s);
        assertEquals(s.toJson(), back.toJson());
        assertEquals(s.parameter(), back.parameter());
        assertEquals(4, back.parameter().of(back.run(1).config()));
    }

    @Test
    void badSweepsNameTheParameterAndWhatIsAllowed() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> toy().vary("width", 1));
        assertEquals("parameter: 'width' cannot be varied; allowed: samples, scale", unknown.getMessage());
        var none = assertThrows(IllegalArgumentException.class, () -> toy().vary("samples"));
        assertEquals("samples: no values to vary over; give at least one", none.getMessage());
        var half = assertThrows(IllegalArgumentException.class, () -> toy().vary("samples", 2.5));
        assertEquals("samples: 2.5 is not an integer", half.getMessage());
        var zero = assertThrows(IllegalArgumentException.class, () -> toy().vary("samples", 3, 0));
        assertEquals("samples: must be >= 1, got 0", zero.getMessage());
        var runner = assertThrows(IllegalArgumentException.class, () -> toy().on(null));
        assertTrue(runner.getMessage().startsWith("runner:"), runner.getMessage());
        var odd = assertThrows(IllegalArgumentException.class,
                () -> Parameters.of(Toy.Experiment.class, Toy.Config.class, "samples"));
        assertTrue(odd.getMessage().startsWith("namesAndLabels:"), odd.getMessage());
        var chunk = assertThrows(IllegalArgumentException.class, () -> TrialChunk.split(0, 0, 2));
        assertTrue(chunk.getMessage().startsWith("trials:"), chunk.getMessage());
        var empty = assertThrows(IllegalArgumentException.class,
                () -> toy().plan().run(List.of(), Runner.local(), "toy", Progress.none()));
        assertTrue(empty.getMessage().startsWith("configs:"), empty.getMessage());
    }

    @Test
    void aParameterWithoutItsBuilderMethodFailsWhenDeclared() {
        var e = assertThrows(IllegalStateException.class,
                () -> Parameter.of(Toy.Experiment.class, Toy.Config.class, "seeds", "seeds n"));
        assertTrue(e.getMessage().contains("seeds(int)"), e.getMessage());
    }
}
