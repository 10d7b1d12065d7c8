package dev.metalora.custom;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.databind.JsonNode;
import dev.metalora.Experiments;
import dev.metalora.peft.ModelFactory;
import dev.metalora.progress.Progress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CustomExperimentTest {
    /** A 1-16-1 network: the tiny model of these tests. */
    static final ModelFactory TINY = (linears, seed) -> new SequentialBlock()
            .add(linears.linear("hidden", 1, 16, true, seed))
            .add(Activation::relu)
            .add(linears.head("out", 16, 1, true, seed + 1));

    static final SineWaves FEW = new SineWaves(3, 1, 20, 5, 20);

    private static CustomExperiment tiny() {
        return Experiments.custom(TINY, FEW).quick().epochs(3).fineTuneEpochs(10).reptileInnerSteps(2)
                .progress(Progress.none());
    }

    @Test
    void everyRetrainingMethodIsFineTunedWithEveryFineTuningMethodOverTheTrials() {
        CustomComparison r = tiny().trials(2).run();
        assertEquals(List.of("SR + LoRA", "SR + last-layer", "LoRA-ML + LoRA", "LoRA-ML + last-layer",
                "last-layer-ML + LoRA", "last-layer-ML + last-layer", "Reptile + LoRA", "Reptile + last-layer"),
                List.copyOf(r.methods().keySet()));
        for (PairResult p : r.pairs()) {
            assertEquals(2, p.trials());
            assertEquals(10, p.testLoss()[0].length, "one test error per fine-tuning epoch");
            assertEquals(3, p.heldOut()[0].length, "one held-out error per retraining epoch");
            for (double[] curve : p.testLoss()) {
                for (double v : curve) {
                    assertTrue(v > 0 && Double.isFinite(v), p.name() + ": " + v);
                }
            }
            assertTrue(p.bestLoss().mean() <= p.finalLoss().mean(), "best epoch no worse than the last");
            assertTrue(p.bestEpoch()[0] >= 0 && p.bestEpoch()[0] < 3);
        }
        // Both fine-tunings of a retrained model share its retraining curves.
        assertArrayEquals(r.pair("LoRA-ML + LoRA").heldOut()[1], r.pair("LoRA-ML + last-layer").heldOut()[1]);
        JsonNode json = r.toJson();
        assertEquals(8, json.get("methods").size());
        assertEquals("lora-ml", json.get("methods").get("LoRA-ML + LoRA").get("method").asText());
        assertEquals(2, json.get("config").get("trials").asInt());
        assertEquals(1 + 8 * 2, r.csv().text().strip().split("\n").length, "a CSV row per pair and trial");
        assertTrue(r.toString().contains("LoRA-ML + LoRA"), r.toString());
        assertEquals(2, r.plot().names().size());
    }

    @Test
    void inANotebookTheCurvesAreDrawnAsTheRunGoesAndReplacedByItsFigure() {
        List<Object> shown = dev.metalora.plot.RecordingDisplay.install().shown;
        try {
            CustomComparison r = tiny().methods("standard", "lora-ml").run();
            assertTrue(shown.size() >= 3, "live frames, then the final figure: " + shown.size());
            Object lastLive = shown.get(shown.size() - 2);
            assertInstanceOf(dev.metalora.plot.FigureSet.class, lastLive);
            var panels = (dev.metalora.plot.FigureSet) lastLive;
            assertEquals(List.of("retraining", "fine-tuning"), List.copyOf(panels.names()));
            assertTrue(panels.chart("retraining").getSeriesMap().containsKey("LoRA-ML"), "a curve per retraining method");
            assertTrue(panels.chart("fine-tuning").getSeriesMap().containsKey("LoRA-ML + LoRA"));
            var last = (dev.metalora.plot.FigureSet) shown.get(shown.size() - 1);
            assertEquals(r.plot().names(), last.names(), "the run's own figure replaces the live one");
            assertTrue(last.chart("fine-tuning").getTitle().startsWith("Fine-tuning"), last.chart("fine-tuning").getTitle());
        } finally {
            dev.metalora.plot.RecordingDisplay.restore();
        }
    }

    @Test
    void aTrialIsReproducibleFromTheSeed() {
        CustomComparison a = tiny().methods("lora-ml").fineTunes("lora").run();
        CustomComparison b = tiny().methods("lora-ml").fineTunes("lora").run();
        assertArrayEquals(a.pair("LoRA-ML + LoRA").testLoss()[0], b.pair("LoRA-ML + LoRA").testLoss()[0]);
        CustomComparison other = tiny().methods("lora-ml").fineTunes("lora").seed(2).run();
        assertNotEquals(a.pair("LoRA-ML + LoRA").finalLoss().mean(), other.pair("LoRA-ML + LoRA").finalLoss().mean());
    }

    @Test
    void aSweepHasOneJsonRunPerValue() {
        CustomSweep s = tiny().methods("standard", "lora-ml").fineTunes("lora").vary("fineTuneEpochs", 4, 6).run();
        JsonNode json = s.toJson();
        assertEquals("fineTuneEpochs", json.get("parameter").asText());
        assertEquals(2, json.get("runs").size());
        assertEquals(4, json.get("runs").get(0).get("config").get("fineTuneEpochs").asInt());
        assertEquals(6, json.get("runs").get(1).get("config").get("fineTuneEpochs").asInt());
        assertEquals(2, s.table().rows().size());
        assertEquals(1 + 2 * 2, s.csv().text().strip().split("\n").length, "a CSV row per value and pair (1 trial)");
        assertNotNull(s.plot());
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> tiny().methods().config());
        assertTrue(e.getMessage().startsWith("methods: no retraining method given; allowed: standard, lora-ml"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiny().fineTunes().config());
        assertTrue(e.getMessage().startsWith("fineTunes: no fine-tuning method given"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiny().methods("maml"));
        assertTrue(e.getMessage().contains("'maml'") && e.getMessage().contains("lora-ml"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiny().vary("dim", 1, 2));
        assertTrue(e.getMessage().contains("'dim'") && e.getMessage().contains("rank"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiny().vary("rank", 1.5));
        assertTrue(e.getMessage().contains("rank"), e.getMessage());
        // A family with one retraining task.
        TaskFamily one = (seed, m) -> {
            Tasks t = FEW.sample(seed, m);
            return new Tasks(t.retraining().subList(0, 1), t.unseen());
        };
        e = assertThrows(IllegalArgumentException.class, () -> Experiments.custom(TINY, one).quick().progress(Progress.none()).run());
        assertTrue(e.getMessage().startsWith("retraining: the task family gave 1 retraining task(s)"), e.getMessage());
        // A model whose input width does not match the tasks'.
        ModelFactory twoInputs = (linears, seed) -> new SequentialBlock().add(linears.linear("hidden", 2, 8, true, seed))
                .add(linears.head("out", 8, 1, true, seed + 1));
        assertThrows(RuntimeException.class, () -> Experiments.custom(twoInputs, FEW).quick().progress(Progress.none())
                .methods("standard").fineTunes("lora").run());
    }

    @Test
    void aNotebookDefinedFamilyFailsOnlyWhenShippedToARemoteRunner() throws Exception {
        TaskFamily lambda = (seed, m) -> FEW.sample(seed, m);
        CustomConfig c = Experiments.custom(TINY, lambda).config();
        var e = assertThrows(NotSerializableException.class, () -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(c));
        assertTrue(e.getMessage().startsWith("model: ") && e.getMessage().contains("is not java.io.Serializable")
                && e.getMessage().contains("Runner.local()"), e.getMessage());
        // Locally nothing is serialised: the same lambdas run.
        assertEquals(2, Experiments.custom(TINY, lambda).quick().epochs(1).fineTuneEpochs(2).methods("standard", "lora-ml")
                .fineTunes("lora").progress(Progress.none()).run().methods().size());
    }
}
