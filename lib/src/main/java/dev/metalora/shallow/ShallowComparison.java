package dev.metalora.shallow;

import dev.metalora.core.TrialTableResult;

import dev.metalora.core.MethodPair;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.display.Notebook;
import dev.metalora.results.Json;
import dev.metalora.results.Table;
import org.knowm.xchart.XYChart;


/**
 * LoRA-ML against standard retraining in the shallow-network setting, over several trials: what
 * {@link ShallowExperiment#run()} returns. Immutable; prints as a table ({@link #summary()}),
 * exports as JSON ({@link #toJson()}).
 *
 * @param seconds wall-clock compute time of the whole run
 */
public record ShallowComparison(ShallowConfig config, ShallowMethodResult loraMl, ShallowMethodResult standard,
                                double seconds) implements TrialTableResult, MethodPair<ShallowMethodResult> {
    static {
        Notebook.init();
    }

    /** {@code {"config": {...}, "methods": {"lora-ml": M, "standard": M}, "seconds": x}}, M as in {@link ShallowMethodResult#toJson()}. */
    @Override
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.set("config", config.toJson());
        ObjectNode methods = n.putObject("methods");
        methods().forEach((name, r) -> methods.set(name, r.toJson()));
        n.put("seconds", seconds);
        return n;
    }

    /** Base distance, final test loss and final retraining loss per method. */
    @Override
    public Table table() {
        ShallowConfig c = config;
        Table.Builder t = Table.of(String.format("LoRA-ML vs standard retraining, shallow network: %s, %d + %d epochs, "
                        + "fine-tune rank %d, %s, %.1f s", ShallowFigures.setting(c), c.epochs(), c.fineTuneEpochs(),
                c.fineTuneRank(), c.device(), seconds),
                "method", "base distance ||A-A*||_F", "test loss (clean error)", "retraining loss");
        methods().forEach((name, r) -> t.row(MethodPair.display(name), r.baseDistance().toString(),
                r.testLoss().toString(), r.trainLoss().toString()));
        return t.build();
    }

    /** Unseen-task test loss against fine-tuning epoch (log y), mean line and min-max band over trials per method. */
    public XYChart plot() {
        return ShallowFigures.comparison(this);
    }

    @Override
    public String toString() {
        return summary();
    }
}
