package dev.metalora.linear;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.core.Column;
import dev.metalora.core.MethodPair;
import dev.metalora.display.Notebook;
import dev.metalora.results.Json;
import dev.metalora.results.Stat;
import dev.metalora.results.Table;
import org.knowm.xchart.XYChart;

import java.util.List;


/**
 * LoRA-ML against standard retraining in the linear setting, over several trials: what
 * {@link LinearExperiment#run()} returns. Immutable; prints as a table ({@link #summary()}),
 * exports as JSON ({@link #toJson()}).
 *
 * <p>JSON: {@code {"config": {...}, "methods": {"lora-ml": M, "standard": M}, "theory": {"standardFloor": S},
 * "seconds": x}} with {@code M = {"baseError": S, "testLoss": S, "testLossCurve": [mean per step]}}.
 *
 * @param standardFloor per trial, the rank-r floor of fine-tuning from SR's population base
 *                      (Eckart-Young on {@code Theta*_new - A_SR}), in the excess-risk metric
 * @param seconds       wall-clock compute time of the whole run
 */
public record LinearComparison(LinearConfig config, LinearMethodResult loraMl, LinearMethodResult standard,
                               Stat standardFloor, double seconds)
        implements MethodPair<LinearConfig, LinearMethodResult> {
    static {
        Notebook.init();
    }

    @Override
    public void extraJson(ObjectNode json) {
        json.putObject("theory").set("standardFloor", Json.stat(standardFloor));
    }

    @Override
    public String caption() {
        LinearConfig c = config;
        return String.format("LoRA-ML vs standard retraining, linear: d=%d T=%d k=%d N=%d n=%d, "
                        + "fine-tune rank %d, %d trials, %.2f s (mean [min, max] over trials)", c.dim(), c.tasks(),
                c.rank(), c.samples(), c.testSamples(), c.fineTuneRank(), c.trials(), seconds);
    }

    @Override
    public List<Column<LinearMethodResult>> columns() {
        return List.of(new Column<>("base error ||A-A*||^2", LinearMethodResult::baseError),
                new Column<>("test loss (" + config.metric().label() + ")", LinearMethodResult::testLoss));
    }

    /** SR's theory floor under the methods. */
    @Override
    public void extraRows(Table.Builder t) {
        t.row("theory: SR floor, rank " + config.fineTuneRank(), "", standardFloor.toString());
    }

    /** An aligned table: base error and final test loss per method, and the theory floor. */
    @Override
    public String summary() {
        LinearConfig c = config;
        StringBuilder s = new StringBuilder();
        s.append(String.format("LoRA-ML vs standard retraining, linear: d=%d T=%d k=%d N=%d n=%d, fine-tune rank %d, "
                        + "%d trial%s, %.2f s%n", c.dim(), c.tasks(), c.rank(), c.samples(), c.testSamples(),
                c.fineTuneRank(), c.trials(), c.trials() == 1 ? "" : "s", seconds));
        String row = "%-10s %-36s %s%n";
        s.append(String.format(row, "method", "base error ||A-A*||^2", "test loss (" + c.metric().label() + ")"));
        for (var e : methods().entrySet()) {
            s.append(String.format(row, e.getKey(), e.getValue().baseError(), e.getValue().testLoss()));
        }
        s.append(String.format(row, "theory", "standard floor, rank " + c.fineTuneRank(), standardFloor));
        s.append("(mean [min, max] over trials)");
        return s.toString();
    }

    @Override
    public String toString() {
        return summary();
    }

    /**
     * The reference figure: test-task loss against fine-tuning step (log y), mean line and min-max
     * band over trials per method, SR's theory floor dashed.
     */
    public XYChart plot() {
        return LinearFigures.comparison(this);
    }
}
