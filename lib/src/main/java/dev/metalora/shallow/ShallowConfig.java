package dev.metalora.shallow;

import dev.metalora.shallow.ShallowTrials;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.nn.Devices;
import dev.metalora.results.Json;

/**
 * One configuration of the shallow-network comparison (PAPER.md, "Shallow network setting"),
 * validated. Built by {@link ShallowExperiment}.
 *
 * @param dim            d, input and hidden width
 * @param tasks          T retraining tasks
 * @param rank           k, rank of the ground-truth adapters and of LoRA-ML's per-task adapters
 * @param samples        N samples per retraining task
 * @param testSamples    n samples of the unseen task, for fine-tuning and its clean error
 * @param noise          standard deviation of the output noise
 * @param epochs         full-batch retraining epochs (both methods)
 * @param fineTuneRank   rank of the fine-tuning adapter
 * @param fineTuneEpochs full-batch fine-tuning epochs
 * @param lr             AdamW learning rate of retraining and fine-tuning
 * @param trials         independent trials (fresh tasks, data and initial weights)
 * @param seed           seed of everything random
 * @param device         "cpu" or "gpu:N"
 * @param engine         which implementation trains the networks (same numbers to float32 rounding)
 * @param threads        networks the Java engine trains at once
 */
public record ShallowConfig(int dim, int tasks, int rank, int samples, int testSamples, double noise, int epochs,
                            int fineTuneRank, int fineTuneEpochs, double lr, int trials, long seed, String device,
                            ShallowTrials.Engine engine, int threads)
        implements dev.metalora.core.Config {

    public ShallowConfig {
        positive("dim", dim);
        positive("tasks", tasks);
        positive("rank", rank);
        if (rank > dim) {
            throw new IllegalArgumentException("rank: must be at most dim (" + dim + "), got " + rank);
        }
        positive("samples", samples);
        positive("testSamples", testSamples);
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise: must be finite and >= 0, got " + noise);
        }
        positive("epochs", epochs);
        positive("fineTuneRank", fineTuneRank);
        positive("fineTuneEpochs", fineTuneEpochs);
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr: must be finite and > 0, got " + lr);
        }
        positive("trials", trials);
        device = Devices.canonical(device);
        engine = engine == null ? ShallowTrials.Engine.AUTO : engine;
        positive("threads", threads);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("dim", dim).put("tasks", tasks).put("rank", rank).put("samples", samples)
                .put("testSamples", testSamples).put("noise", noise).put("epochs", epochs)
                .put("fineTuneRank", fineTuneRank).put("fineTuneEpochs", fineTuneEpochs).put("lr", lr)
                .put("trials", trials).put("seed", seed).put("device", device)
                .put("engine", engine.name().toLowerCase(java.util.Locale.ROOT));
        return n;
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + ": must be >= 1, got " + v);
        }
    }
}
