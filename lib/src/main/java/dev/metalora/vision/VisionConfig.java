package dev.metalora.vision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.data.ClassPair;
import dev.metalora.data.TaskProtocol;
import dev.metalora.results.Json;
import dev.metalora.peft.FineTuneMethod;
import dev.metalora.vision.MixerConfig;
import dev.metalora.peft.RetrainMethod;
import dev.metalora.vision.TrainingSettings;

import java.nio.file.Path;
import java.util.List;

/**
 * Every parameter of a vision run, as used. Built by {@link VisionExperiment}.
 *
 * @param dataset           "fashion-mnist" or "cifar10"
 * @param dataDir           folder of the data files
 * @param protocol          retraining class pairs and the unseen pair
 * @param mixer             the Mixer's shape
 * @param training          the optimisation constants
 * @param methods           retraining methods, in table order
 * @param fineTunes         fine-tuning methods, in table order
 * @param seeds             one run per seed (initial weights, subsets, shuffles, augmentation)
 * @param trainPerTask      training images per retraining task (at most; the split's size if larger)
 * @param validationPerTask test-split images per retraining task used to pick the best epoch
 * @param fineTuneTrain     training images of the unseen task
 * @param fineTuneTest      test images of the unseen task (the reported accuracy)
 * @param augment           random crop (padding 4) and horizontal flip of training images
 * @param device            "cpu" or "gpu"
 * @param checkpoints       folder of retrained-model checkpoints (saved, and reused when present), or null
 * @param ownPeftOnly       fine-tune each ML method with its own PEFT method only (LoRA-ML with LoRA,
 *                          last-layer-ML with last layer), as the reference code runs them; SR and
 *                          Reptile still get every fine-tuning method
 */
public record VisionConfig(String dataset, Path dataDir, TaskProtocol protocol, MixerConfig mixer,
                           TrainingSettings training, List<RetrainMethod> methods, List<FineTuneMethod> fineTunes,
                           List<Long> seeds, int trainPerTask, int validationPerTask, int fineTuneTrain,
                           int fineTuneTest, boolean augment, String device, Path checkpoints,
                           boolean ownPeftOnly) {

    public VisionConfig {
        methods = List.copyOf(methods);
        fineTunes = List.copyOf(fineTunes);
        seeds = List.copyOf(seeds);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("methods: need at least one retraining method, got none; allowed: "
                    + java.util.Arrays.stream(RetrainMethod.values()).map(RetrainMethod::id).toList());
        }
        if (fineTunes.isEmpty()) {
            throw new IllegalArgumentException("fineTunes: need at least one fine-tuning method, got none; allowed: "
                    + java.util.Arrays.stream(FineTuneMethod.values()).map(FineTuneMethod::id).toList());
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("seeds: need at least one seed, got none");
        }
        atLeastOne("trainPerTask", trainPerTask);
        atLeastOne("validationPerTask", validationPerTask);
        atLeastOne("fineTuneTrain", fineTuneTrain);
        atLeastOne("fineTuneTest", fineTuneTest);
    }

    /**
     * What a retrained model depends on (data, model, retraining constants; not the fine-tuning
     * ones): the same key means a checkpoint can stand in for retraining.
     */
    public String retrainingKey(RetrainMethod method, long seed) {
        ObjectNode n = Json.object();
        n.put("dataset", dataset).put("method", method.id()).put("seed", seed)
                .put("trainPerTask", trainPerTask).put("validationPerTask", validationPerTask).put("augment", augment);
        n.set("protocol", protocolJson());
        n.set("mixer", Json.mapper().valueToTree(mixer));
        TrainingSettings t = training;
        n.put("epochs", t.epochs()).put("batch", t.batch()).put("lr", t.lr()).put("weightDecay", t.weightDecay())
                .put("rank", t.rank()).put("reptileEpochs", t.reptileEpochs())
                .put("reptileInnerSteps", t.reptileInnerSteps()).put("reptileInnerLr", t.reptileInnerLr())
                .put("reptileLr", t.reptileLr());
        if (!t.adaptedBias() && method == RetrainMethod.LORA_ML) {
            // Only LoRA-ML has adapted layers: the other bases are the same with or without their bias.
            n.put("adaptedBias", false);
        }
        return n.toString();
    }

    /** Whether retraining method {@code m} is fine-tuned with {@code f} in this run. */
    public boolean runs(RetrainMethod m, FineTuneMethod f) {
        if (!methods.contains(m) || !fineTunes.contains(f)) {
            return false;
        }
        return !ownPeftOnly || switch (m) {
            case LORA_ML -> f == FineTuneMethod.LORA;
            case LAST_LAYER_ML -> f == FineTuneMethod.LAST_LAYER;
            case STANDARD, REPTILE -> true;
        };
    }

    private ObjectNode protocolJson() {
        ObjectNode p = Json.object();
        var r = p.putArray("retraining");
        for (ClassPair c : protocol.retraining()) {
            r.addArray().add(c.first()).add(c.second());
        }
        p.putArray("unseen").add(protocol.unseen().first()).add(protocol.unseen().second());
        return p;
    }

    private static void atLeastOne(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + ": must be at least 1, got " + v);
        }
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("dataset", dataset).put("dataDir", dataDir.toString());
        n.set("protocol", protocolJson());
        n.set("mixer", Json.mapper().valueToTree(mixer));
        n.set("training", Json.mapper().valueToTree(training));
        RetrainMethod.putGrid(n, methods, fineTunes, seeds);
        n.put("trainPerTask", trainPerTask).put("validationPerTask", validationPerTask)
                .put("fineTuneTrain", fineTuneTrain).put("fineTuneTest", fineTuneTest)
                .put("augment", augment).put("device", device);
        if (checkpoints != null) {
            n.put("checkpoints", checkpoints.toString());
        }
        n.put("ownPeftOnly", ownPeftOnly);
        return n;
    }
}
