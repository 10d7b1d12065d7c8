package dev.metalora.shallow;

import dev.metalora.core.Column;
import dev.metalora.core.MethodPair;
import dev.metalora.display.Notebook;
import org.knowm.xchart.XYChart;

import java.util.List;


/**
 * LoRA-ML against standard retraining in the shallow-network setting, over several trials: what
 * {@link ShallowExperiment#run()} returns. Immutable; prints as a table ({@link #summary()}),
 * exports as JSON ({@link #toJson()}: {@code {"config": {...}, "methods": {"lora-ml": M, "standard": M},
 * "seconds": x}}, M as in {@link ShallowMethodResult#toJson()}).
 *
 * @param seconds wall-clock compute time of the whole run
 */
public record ShallowComparison(ShallowConfig config, ShallowMethodResult loraMl, ShallowMethodResult standard,
                                double seconds) implements MethodPair<ShallowConfig, ShallowMethodResult> {
    static {
        Notebook.init();
    }

    /**
     * The comparison made of chunks of its trials, in trial order (each a comparison of some
     * trials of {@code config}); its seconds are the chunks' compute seconds, summed.
     */
    public static ShallowComparison concat(ShallowConfig config, List<ShallowComparison> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return new ShallowComparison(config,
                ShallowMethodResult.concat(parts.stream().map(ShallowComparison::loraMl).toList()),
                ShallowMethodResult.concat(parts.stream().map(ShallowComparison::standard).toList()),
                parts.stream().mapToDouble(ShallowComparison::seconds).sum());
    }

    @Override
    public String caption() {
        ShallowConfig c = config;
        return String.format("LoRA-ML vs standard retraining, shallow network: %s, %d + %d epochs, "
                        + "fine-tune rank %d, %s, %.1f s", ShallowFigures.setting(c), c.epochs(), c.fineTuneEpochs(),
                c.fineTuneRank(), c.device(), seconds);
    }

    /** Base distance, final test loss and final retraining loss per method. */
    @Override
    public List<Column<ShallowMethodResult>> columns() {
        return List.of(new Column<>("base distance ||A-A*||_F", ShallowMethodResult::baseDistance),
                new Column<>("test loss (clean error)", ShallowMethodResult::testLoss),
                new Column<>("retraining loss", ShallowMethodResult::trainLoss));
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
