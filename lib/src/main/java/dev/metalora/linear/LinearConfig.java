package dev.metalora.linear;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.linear.Backend;
import dev.metalora.linear.Validate;
import dev.metalora.nn.Devices;
import dev.metalora.results.Json;

/**
 * Every parameter of a linear comparison, as used (the fine-tuning rank resolved). Built by
 * {@link LinearExperiment}; the constructor rejects values outside their ranges.
 */
public record LinearConfig(int dim, int tasks, int rank, int samples, int testSamples, double noise,
                           int outerSteps, int innerSteps, double innerLr, double outerLr,
                           int fineTuneRank, int fineTuneSteps, double fineTuneLr, int trials, long seed,
                           boolean symmetric, boolean joint, LinearMetric metric, Backend backend,
                           String device) implements dev.metalora.core.Config {

    public LinearConfig {
        Validate.atLeast("dim", dim, 1);
        Validate.atLeast("tasks", tasks, 1);
        Validate.range("rank", rank, 1, dim);
        Validate.atLeast("samples", samples, 1);
        Validate.atLeast("testSamples", testSamples, 1);
        Validate.nonNegative("noise", noise);
        Validate.atLeast("outerSteps", outerSteps, 0);
        Validate.atLeast("innerSteps", innerSteps, joint ? 0 : 1);
        Validate.positive("innerLr", innerLr);
        Validate.positive("outerLr", outerLr);
        Validate.range("fineTuneRank", fineTuneRank, 1, dim);
        Validate.atLeast("fineTuneSteps", fineTuneSteps, 0);
        Validate.positive("fineTuneLr", fineTuneLr);
        Validate.atLeast("trials", trials, 1);
        if (metric == null || backend == null) {
            throw new IllegalArgumentException("metric, backend: must not be null");
        }
        device = Devices.canonical(device);
        if (Devices.isGpu(device) && backend != Backend.ND4J) {
            throw new IllegalArgumentException("backend: " + backend + " runs on the CPU; device '" + device
                    + "' needs backend ND4J (LinearExperiment.device(\"gpu\") selects it)");
        }
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("dim", dim).put("tasks", tasks).put("rank", rank).put("samples", samples)
                .put("testSamples", testSamples).put("noise", noise)
                .put("outerSteps", outerSteps).put("innerSteps", innerSteps)
                .put("innerLr", innerLr).put("outerLr", outerLr)
                .put("fineTuneRank", fineTuneRank).put("fineTuneSteps", fineTuneSteps).put("fineTuneLr", fineTuneLr)
                .put("trials", trials).put("seed", seed).put("symmetric", symmetric).put("joint", joint)
                .put("metric", metric.name().toLowerCase().replace('_', '-'))
                .put("backend", backend.name().toLowerCase()).put("device", device);
        return n;
    }
}
