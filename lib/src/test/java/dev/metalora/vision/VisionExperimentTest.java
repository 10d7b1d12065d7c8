package dev.metalora.vision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metalora.Experiments;
import dev.metalora.data.FashionMnist;
import dev.metalora.progress.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class VisionExperimentTest {

    @Test
    void resultHasThePapersTableShapeAndResumesFromCheckpoints(@TempDir Path dir) throws java.io.IOException {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST not installed");
        VisionExperiment e = Experiments.vision().quick().methods("standard", "last-layer-ml").seeds(1, 2)
                .subset(96, 50, 192, 200).epochs(1).fineTuneEpochs(2).checkpoints(dir);
        Counting counting = new Counting();
        VisionComparison first = e.progress(counting).run();
        assertTrue(counting.total > 0);
        assertEquals(counting.total, counting.done, "progress reaches its announced total");
        assertTrue(counting.closed);
        JsonNode json = first.toJson();
        assertEquals("fashion-mnist", json.at("/config/dataset").asText());
        for (String r : new String[]{"standard", "last-layer-ml"}) {
            for (String f : new String[]{"lora", "last-layer"}) {
                JsonNode cell = json.at("/results/" + r + "/" + f);
                for (String key : new String[]{"lastAccuracy", "bestAccuracy"}) {
                    JsonNode s = cell.get(key);
                    assertEquals(2, s.get("values").size(), r + "/" + f + "/" + key + ": one value per seed");
                    assertTrue(s.has("mean") && s.has("stderr"));
                    assertTrue(s.get("mean").asDouble() >= 0 && s.get("mean").asDouble() <= 1);
                }
                // The best epoch is at least as good as the last one, seed by seed.
                for (int k = 0; k < 2; k++) {
                    assertTrue(cell.at("/bestAccuracy/values/" + k).asDouble() >= cell.at("/lastAccuracy/values/" + k).asDouble());
                }
                assertEquals(2, cell.get("accuracyCurve").size());
            }
        }
        assertTrue(json.at("/results/lora-ml").isMissingNode(), "only the chosen methods run");
        assertTrue(json.get("seconds").asDouble() > 0);
        String summary = first.summary();
        assertTrue(summary.contains("standard") && summary.contains("last-layer-ml") && summary.contains("±"), summary);
        assertNotNull(first.plot());

        // A second run with the same checkpoints loads the retrained models and fine-tunes identically.
        try (var files = Files.list(dir)) {
            assertEquals(4, files.filter(p -> p.toString().endsWith(".ckpt")).count());
        }
        Counting resumed = new Counting();
        VisionComparison second = e.progress(resumed).run();
        assertEquals(resumed.total, resumed.done, "a resumed run still reaches its total");
        assertEquals(json.get("results"), second.toJson().get("results"));
        assertEquals(json.get("retraining"), second.toJson().get("retraining"));
    }

    @Test
    void quickMainJobWritesTheTableAndTheFigure(@TempDir Path out) throws java.io.IOException {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST not installed");
        var written = VisionExperiment.mainJob(out, true);
        assertEquals(java.util.List.of(out.resolve("results/vision.json").toAbsolutePath(),
                out.resolve("figures/vision.png").toAbsolutePath()), written);
        JsonNode json = dev.metalora.results.Json.mapper().readTree(written.get(0).toFile());
        for (String r : new String[]{"standard", "lora-ml", "last-layer-ml", "reptile"}) {
            for (String f : new String[]{"lora", "last-layer"}) {
                assertTrue(json.at("/results/" + r + "/" + f + "/lastAccuracy/mean").isNumber(), r + "/" + f);
            }
        }
        byte[] png = Files.readAllBytes(written.get(1));
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    }

    @Test
    void cifar10FolderRunsTheSameProtocolOnColourImages(@TempDir Path dir) throws java.io.IOException {
        // CIFAR-10 cannot be downloaded here: six batch files in its binary format, 40 random images
        // of each class in every training file and 10 in the test file.
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        for (int f = 0; f <= 5; f++) {
            int perClass = f == 0 ? 10 : 40;
            byte[] b = new byte[10 * perClass * 3073];
            for (int i = 0; i < 10 * perClass; i++) {
                b[i * 3073] = (byte) (i % 10);
                for (int k = 1; k < 3073; k++) {
                    b[i * 3073 + k] = (byte) r.nextInt(256);
                }
            }
            Files.write(dir.resolve(f == 0 ? "test_batch.bin" : "data_batch_" + f + ".bin"), b);
        }
        VisionComparison c = Experiments.vision().dataset("cifar10", dir).quick().methods("lora-ml").fineTunes("lora")
                .epochs(1).fineTuneEpochs(1).subset(64, 20, 64, 20).progress(Progress.none()).run();
        assertEquals(3, c.config().mixer().channels());
        assertEquals(32, c.config().mixer().side());
        assertEquals("cifar10", c.toJson().at("/config/dataset").asText());
        assertEquals(1, c.toJson().at("/results/lora-ml/lora/lastAccuracy/values").size());
    }

    @Test
    void referenceCodeCombinesWithWidthSeedsAndReference() {
        VisionConfig c = Experiments.vision().referenceCode().config();
        assertEquals(512, c.mixer().width(), "the scripts' effective width");
        assertEquals(dev.metalora.vision.FineTuneStart.TASK_0, c.training().fineTuneStart());
        assertFalse(c.training().adaptedBias());
        assertTrue(c.ownPeftOnly());
        assertFalse(c.runs(dev.metalora.peft.RetrainMethod.LORA_ML, dev.metalora.peft.FineTuneMethod.LAST_LAYER));
        assertTrue(c.runs(dev.metalora.peft.RetrainMethod.STANDARD, dev.metalora.peft.FineTuneMethod.LAST_LAYER));
        assertEquals(8, c.training().epochs(), "the CPU-sized default stays");
        assertEquals(128, Experiments.vision().referenceCode().width(128).config().mixer().width());
        assertEquals(128, Experiments.vision().width(128).referenceCode().config().mixer().width());
        VisionConfig full = Experiments.vision().reference().referenceCode().seeds(4, 5).config();
        assertEquals(100, full.training().epochs());
        assertEquals(java.util.List.of(4L, 5L), full.seeds());
        assertEquals(512, full.mixer().width());
        VisionConfig paper = Experiments.vision().config();
        assertEquals(128, paper.mixer().width());
        assertEquals(dev.metalora.vision.FineTuneStart.FRESH, paper.training().fineTuneStart());
        assertNotEquals(paper.retrainingKey(dev.metalora.peft.RetrainMethod.LORA_ML, 1),
                Experiments.vision().referenceCode().width(128).config().retrainingKey(dev.metalora.peft.RetrainMethod.LORA_ML, 1),
                "no bias in adapted layers is another retrained model");
        assertEquals(paper.retrainingKey(dev.metalora.peft.RetrainMethod.STANDARD, 1),
                Experiments.vision().referenceCode().width(128).config().retrainingKey(dev.metalora.peft.RetrainMethod.STANDARD, 1),
                "an SR base has no adapted layer: the same model in both variants");
    }

    @Test
    void emptySeedsMethodsAndFineTunesAreRejected() {
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> Experiments.vision().seeds());
        assertTrue(s.getMessage().startsWith("seeds: need at least one seed"), s.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> Experiments.vision().methods());
        assertTrue(m.getMessage().startsWith("methods:") && m.getMessage().contains("lora-ml"), m.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> Experiments.vision().fineTunes());
        assertTrue(f.getMessage().startsWith("fineTunes:") && f.getMessage().contains("last-layer"), f.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Experiments.vision().fineTuneStart("task-1"));
        assertThrows(IllegalArgumentException.class, () -> Experiments.vision().width(0));
    }

    @Test
    void badChoicesAreRejectedWithTheAllowedValues() {
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> Experiments.vision().dataset("mnist"));
        assertTrue(d.getMessage().contains("fashion-mnist"), d.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> Experiments.vision().dataset("cifar10").config());
        assertTrue(c.getMessage().contains("folder"), c.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> Experiments.vision().methods("maml"));
        assertTrue(m.getMessage().contains("lora-ml"), m.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Experiments.vision().fineTunes("full"));
        assertThrows(IllegalArgumentException.class, () -> Experiments.vision().epochs(0).config());
        assertThrows(IllegalArgumentException.class, () -> Experiments.vision().device("tpu"));
        // The CPU natives are on the class path here: a GPU run fails at once, before any data is read.
        IllegalStateException g = assertThrows(IllegalStateException.class,
                () -> Experiments.vision().device("gpu").progress(Progress.none()).run());
        assertTrue(g.getMessage().contains("GPU"), g.getMessage());
    }

    /** Records what a run reports. */
    static final class Counting implements Progress {
        long total, done;
        boolean closed;

        @Override
        public void start(String label, long total) {
            this.total = total;
        }

        @Override
        public void step(long n) {
            done += n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
