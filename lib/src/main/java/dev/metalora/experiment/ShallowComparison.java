package dev.metalora.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.results.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LoRA-ML against standard retraining in the shallow-network setting, over several trials: what
 * {@link ShallowExperiment#run()} returns. Immutable; prints as a table ({@link #summary()}),
 * exports as JSON ({@link #toJson()}).
 *
 * @param seconds wall-clock compute time of the whole run
 */
public record ShallowComparison(ShallowConfig config, ShallowMethodResult loraMl, ShallowMethodResult standard,
                                double seconds) {

    /** JSON and table names of the methods. */
    public static final String LORA_ML = "lora-ml", STANDARD = "standard";

    /** The methods by name, LoRA-ML first. */
    public Map<String, ShallowMethodResult> methods() {
        Map<String, ShallowMethodResult> m = new LinkedHashMap<>();
        m.put(LORA_ML, loraMl);
        m.put(STANDARD, standard);
        return m;
    }

    /** {@code {"config": {...}, "methods": {"lora-ml": M, "standard": M}, "seconds": x}}, M as in {@link ShallowMethodResult#toJson()}. */
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.set("config", config.toJson());
        ObjectNode methods = n.putObject("methods");
        methods().forEach((name, r) -> methods.set(name, r.toJson()));
        n.put("seconds", seconds);
        return n;
    }

    /** An aligned table: base distance and final test loss per method. */
    public String summary() {
        ShallowConfig c = config;
        StringBuilder s = new StringBuilder();
        s.append(String.format("LoRA-ML vs standard retraining, shallow network: d=%d T=%d k=%d N=%d n=%d, "
                        + "%d + %d epochs, fine-tune rank %d, %d trial%s, %s, %.1f s%n", c.dim(), c.tasks(), c.rank(),
                c.samples(), c.testSamples(), c.epochs(), c.fineTuneEpochs(), c.fineTuneRank(), c.trials(),
                c.trials() == 1 ? "" : "s", c.device(), seconds));
        String row = "%-10s %-30s %-30s %s%n";
        s.append(String.format(row, "method", "base distance ||A-A*||_F", "test loss (clean error)", "retraining loss"));
        for (var e : methods().entrySet()) {
            ShallowMethodResult r = e.getValue();
            s.append(String.format(row, e.getKey(), r.baseDistance(), r.testLoss(), r.trainLoss()));
        }
        s.append("(mean [min, max] over trials)");
        return s.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
