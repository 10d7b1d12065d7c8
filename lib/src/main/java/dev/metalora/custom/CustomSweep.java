package dev.metalora.custom;

import dev.metalora.core.Column;
import dev.metalora.core.Parameter;
import dev.metalora.core.Sweep;
import org.knowm.xchart.XYChart;

import java.util.List;
import java.util.Map;

/**
 * A custom experiment for each value of one of its knobs ({@code vary("rank", 1, 2, 4)}): a table
 * with one row per value, JSON with one run per value, CSV with one row per value, pair and trial,
 * and the unseen tasks' test error against the value.
 */
public final class CustomSweep extends Sweep<CustomConfig, PairResult, CustomComparison> {
    private static final long serialVersionUID = 1L;

    CustomSweep(Parameter<CustomExperiment, CustomConfig> parameter, List<CustomComparison> runs, double seconds) {
        super(parameter, runs, seconds);
    }

    @Override
    protected String caption() {
        return "Your model: test error on the unseen tasks against " + parameter().label();
    }

    @Override
    protected List<Column<PairResult>> methodColumns() {
        return List.of(new Column<>("test MSE", PairResult::finalLoss));
    }

    @Override
    protected Map<String, XYChart> figures() {
        return CustomFigures.sweep(this);
    }
}
