package dev.metalora.shallow;

import ai.djl.engine.StandardCapabilities;
import com.fasterxml.jackson.databind.JsonNode;
import dev.metalora.Experiments;
import dev.metalora.nn.NnRuntime;
import dev.metalora.plot.RecordingDisplay;
import dev.metalora.progress.Progress;
import dev.metalora.results.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class ShallowExperimentTest {
    private static ShallowComparison small;

    /**
     * A small instance of the paper's protocol: d = 5, N = 200 per task, n = 100, 3 trials; lr 1e-2
     * with 3000 + 1500 epochs stands in for lr 1e-3 with 40000 + 15000 (Adam's steps scale with
     * the learning rate), so that it runs in seconds.
     */
    @BeforeAll
    static void runSmall() {
        small = Experiments.shallow().dim(5).samples(200).testSamples(100).epochs(3000).fineTuneEpochs(1500)
                .lr(1e-2).trials(3).seed(1).progress(Progress.none()).run();
    }

    @Test
    void loraMlFineTunesBetterOnTheUnseenTaskThanStandardRetraining() {
        // The paper's claim: SR's base sits at a compromise of the tasks that a rank-1 adapter cannot
        // undo, LoRA-ML's base is one low-rank step from every task. Mean over 3 trials.
        double lora = small.loraMl().testLoss().mean(), sr = small.standard().testLoss().mean();
        assertTrue(lora < sr, "LoRA-ML test loss " + lora + " should be below SR's " + sr);
    }

    @Test
    void loraMlBaseIsCloserToTheSharedWeights() {
        double lora = small.loraMl().baseDistance().mean(), sr = small.standard().baseDistance().mean();
        assertTrue(lora < sr, "LoRA-ML ||A-A*|| " + lora + " should be below SR's " + sr);
    }

    @Test
    void loraMlFitsTheRetrainingTasksToTheNoise() {
        // With one adapter per task LoRA-ML can fit all three tasks: its loss, the sum of three MSEs,
        // approaches 3 s^2 = 0.03; SR, one model for three tasks, cannot go near it.
        assertTrue(small.loraMl().trainLoss().mean() < 0.1, small.summary());
        assertTrue(small.standard().trainLoss().mean() > 2 * small.loraMl().trainLoss().mean(), small.summary());
    }

    @Test
    void jsonHasTheDocumentedShape() {
        JsonNode j = small.toJson();
        assertEquals(5, j.get("config").get("dim").asInt());
        assertTrue(j.get("seconds").asDouble() > 0);
        for (String m : new String[] {"lora-ml", "standard"}) {
            JsonNode r = j.get("methods").get(m);
            assertEquals(3, r.get("baseDistance").get("values").size());
            assertEquals(3, r.get("testLoss").get("values").size());
            JsonNode curve = r.get("testLossCurve");
            assertEquals(r.get("testLossEpochs").size(), curve.size());
            assertTrue(curve.size() <= ShallowMethodResult.JSON_CURVE_POINTS + 1);
            assertEquals(1500, r.get("testLossEpochs").get(curve.size() - 1).asInt());
            assertEquals(r.get("testLoss").get("mean").asDouble(), curve.get(curve.size() - 1).asDouble(), 1e-12);
        }
        assertTrue(small.summary().contains("LoRA-ML") && small.summary().contains("SR"), small.summary());
    }

    @Test
    void thinnedCurvesKeepFirstAndLastEpochs() {
        int[] idx = ShallowMethodResult.thinnedEpochs(1501);
        assertEquals(0, idx[0]);
        assertEquals(1500, idx[idx.length - 1]);
        assertTrue(idx.length <= ShallowMethodResult.JSON_CURVE_POINTS + 1);
        assertEquals(7, ShallowMethodResult.thinnedEpochs(7).length);
    }

    @Test
    void twoTasksFineTuneWithThreeTimesTheRankUnlessTold() {
        assertEquals(3, Experiments.shallow().tasks(2).config().fineTuneRank());
        assertEquals(1, Experiments.shallow().tasks(3).config().fineTuneRank());
        assertEquals(2, Experiments.shallow().tasks(2).fineTuneRank(2).config().fineTuneRank());
        ShallowSweepExperiment sweep = Experiments.shallow().vary("tasks", 2, 3, 5, 10);
        assertEquals(3, sweep.configs().get(0).fineTuneRank());
        assertEquals(1, sweep.configs().get(3).fineTuneRank());
        assertEquals(10, sweep.configs().get(3).tasks());
    }

    @Test
    void quickShrinksTheProtocolAndLaterCallsOverride() {
        ShallowConfig c = Experiments.shallow().quick().trials(3).config();
        assertTrue(c.epochs() < 40_000 && c.fineTuneEpochs() < 15_000);
        assertEquals(ShallowExperiment.QUICK_LR, c.lr());
        assertEquals(3, c.trials());
        ShallowConfig paper = Experiments.shallow().config();
        assertEquals(40_000, paper.epochs());
        assertEquals(15_000, paper.fineTuneEpochs());
        assertEquals(10, paper.trials());
        assertEquals(1000, paper.samples());
        assertEquals(100, paper.testSamples());
        assertEquals(1e-3, paper.lr());
        assertEquals("cpu", paper.device());
    }

    @Test
    void mainJobWritesTheDimAndTaskSweepsAsJsonAndFigures(@TempDir Path out) throws Exception {
        ShallowExperiment tiny = Experiments.shallow().samples(20).testSamples(10).epochs(5).fineTuneEpochs(3).trials(1)
                .progress(Progress.none());
        List<Path> written = ShallowExperiment.mainJob(out, tiny);
        assertEquals(4, written.size());
        JsonNode dims = Json.mapper().readTree(out.resolve("results/shallow-dim.json").toFile());
        assertEquals("dim", dims.get("parameter").asText());
        assertEquals(List.of(5, 10, 20), List.of(dims.get("values").get(0).asInt(), dims.get("values").get(1).asInt(),
                dims.get("values").get(2).asInt()));
        assertEquals(3, dims.get("runs").size());
        JsonNode tasks = Json.mapper().readTree(out.resolve("results/shallow-tasks.json").toFile());
        assertEquals(4, tasks.get("runs").size());
        assertEquals(3, tasks.get("runs").get(0).get("config").get("fineTuneRank").asInt(), "T = 2 fine-tunes with 3k");
        for (String png : List.of("figures/shallow-dim.png", "figures/shallow-tasks.png")) {
            byte[] head = Files.readAllBytes(out.resolve(png));
            assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', png);
        }
    }

    @Test
    void comparisonDrawsABandPerMethod() {
        var chart = small.plot();
        assertTrue(chart.getSeriesMap().keySet().stream().anyMatch(k -> k.startsWith("LoRA-ML")));
        assertTrue(chart.getSeriesMap().keySet().stream().anyMatch(k -> k.startsWith("SR")));
        assertTrue(small.html().contains("<table"));
    }

    @Test
    void interruptingARunStopsItCleanly() throws Exception {
        Throwable[] thrown = new Throwable[1];
        Thread worker = new Thread(() -> {
            try {
                Experiments.shallow().dim(4).samples(50).testSamples(20).epochs(1_000_000).trials(1)
                        .progress(Progress.none()).run();
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        worker.start();
        Thread.sleep(1500);
        worker.interrupt();
        worker.join(10_000);
        assertTrue(!worker.isAlive(), "the run stopped within 10 s of the interrupt");
        assertTrue(thrown[0] instanceof dev.metalora.progress.InterruptedRunException, String.valueOf(thrown[0]));
        // Nothing was left open (one gradient collector per JVM): the next run works.
        assertEquals(1, Experiments.shallow().dim(3).samples(10).testSamples(5).epochs(3).fineTuneEpochs(2).trials(1)
                .progress(Progress.none()).run().loraMl().baseDistance().count());
    }

    /** The curves' names as the legend shows them (each curve is drawn as a line series and a legend one). */
    private static java.util.Set<String> legend(java.util.Map<String, ?> series) {
        return series.keySet().stream().filter(n -> !n.endsWith(" line")).collect(java.util.stream.Collectors.toSet());
    }

    private static dev.metalora.plot.FigureSet lastFrame(RecordingDisplay r) {
        assertTrue(r.shown.size() >= 2, "live frames, then the cleared display: " + r.shown);
        assertEquals("cleared", r.shown.get(r.shown.size() - 1), "the live figure is removed at the end");
        return assertInstanceOf(dev.metalora.plot.FigureSet.class, r.shown.get(r.shown.size() - 2));
    }

    @Test
    void inANotebookTheFirstTrialsCurvesAreDrawnWhileItTrainsAndRemovedAtTheEnd() {
        for (String engine : new String[] {"java", "djl"}) {
            RecordingDisplay recorder = RecordingDisplay.install();
            try {
                ShallowComparison r = Experiments.shallow().dim(3).samples(20).testSamples(10).epochs(40)
                        .fineTuneEpochs(30).trials(2).engine(engine).progress(Progress.none()).run();
                var frame = lastFrame(recorder);
                assertEquals(List.of("retraining", "fine-tuning"), List.copyOf(frame.names()), engine);
                var retraining = frame.chart("retraining").getSeriesMap();
                assertEquals(java.util.Set.of("LoRA-ML (d=3, T=3)", "SR (d=3, T=3)"), legend(retraining), engine);
                // the drawn retraining curve is the first trial's own loss, epoch by epoch (after
                // the figure's leading NaN point)
                double[] drawn = retraining.get("LoRA-ML (d=3, T=3) line").getYData();
                float[] firstTrial = r.loraMl().trainLossCurves()[0];
                assertEquals(firstTrial.length + 1, drawn.length, engine);
                for (int s = 0; s < firstTrial.length; s++) {
                    assertEquals(firstTrial[s], drawn[s + 1], 0.0, engine + ", epoch " + (s + 1));
                }
                assertTrue(legend(frame.chart("fine-tuning").getSeriesMap()).contains("SR (d=3, T=3)"), engine);
            } finally {
                RecordingDisplay.restore();
            }
        }
    }

    @Test
    void aSweepDrawsTheCurvesOfEveryValue() {
        RecordingDisplay recorder = RecordingDisplay.install();
        try {
            Experiments.shallow().dim(3).samples(20).testSamples(10).epochs(30).fineTuneEpochs(20).trials(1)
                    .progress(Progress.none()).vary("tasks", 2, 3).run();
            var names = legend(lastFrame(recorder).chart("fine-tuning").getSeriesMap());
            assertEquals(java.util.Set.of("LoRA-ML (d=3, T=2)", "SR (d=3, T=2)", "LoRA-ML (d=3, T=3)", "SR (d=3, T=3)"),
                    names);
        } finally {
            RecordingDisplay.restore();
        }
    }

    @Test
    void drawingTheLiveCurvesChangesNoNumber() {
        ShallowExperiment e = Experiments.shallow().dim(3).samples(20).testSamples(10).epochs(30).fineTuneEpochs(20)
                .trials(1).progress(Progress.none());
        ShallowComparison plain = e.run();
        RecordingDisplay.install();
        try {
            ShallowComparison drawn = e.run();
            assertArrayEquals(plain.standard().testLossCurves()[0], drawn.standard().testLossCurves()[0],
                    "drawing changes no number");
        } finally {
            RecordingDisplay.restore();
        }
    }

    @Test
    void badSettingsNameTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Experiments.shallow().dim(0).config());
        assertTrue(e.getMessage().startsWith("dim:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Experiments.shallow().vary("width", 1, 2));
        assertTrue(e.getMessage().startsWith("parameter: 'width'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Experiments.shallow().dim(3).rank(4).config());
        assertTrue(e.getMessage().startsWith("rank:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Experiments.shallow().device("tpu"));
        assertTrue(e.getMessage().startsWith("device:"), e.getMessage());
    }

    @Test
    void gpuWithoutOneFailsAtOnce() {
        var engine = NnRuntime.engine();
        assumeFalse(engine.hasCapability(StandardCapabilities.CUDA) && engine.getGpuCount() > 0, "a GPU is usable");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Experiments.shallow().device("gpu"));
        assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
    }
}
