package dev.metalora.shallow;

import dev.metalora.core.Column;
import dev.metalora.core.Parameter;
import dev.metalora.core.Sweep;
import dev.metalora.display.Notebook;
import org.knowm.xchart.XYChart;

import java.util.List;
import java.util.Map;

/**
 * The shallow comparison for each value of one parameter: what {@link ShallowSweepExperiment#run()}
 * returns (a {@link Sweep}: table, JSON, CSV). The CSV's columns are {@code final_test_loss},
 * {@code base_distance} and {@code train_loss}.
 */
public final class ShallowSweep extends Sweep<ShallowConfig, ShallowMethodResult, ShallowComparison> {
    private static final long serialVersionUID = 1L;

    static {
        Notebook.init();
    }

    /**
     * @param parameter the varied parameter
     * @param runs      one comparison per value, in the order given
     * @param seconds   wall-clock compute time of the whole sweep
     */
    public ShallowSweep(Parameter<ShallowExperiment, ShallowConfig> parameter, List<ShallowComparison> runs,
                        double seconds) {
        super(parameter, runs, seconds);
    }

    @Override
    protected String caption() {
        return String.format("Shallow network, sweep over %s: %d trials per value, %.1f s",
                parameter().label(), run(0).config().trials(), seconds());
    }

    @Override
    protected List<Column<ShallowMethodResult>> methodColumns() {
        return List.of(new Column<>("||A-A*||_F", ShallowMethodResult::baseDistance),
                new Column<>("test loss", ShallowMethodResult::testLoss));
    }

    @Override
    protected List<Column<ShallowMethodResult>> csvColumns() {
        return List.of(new Column<>("final_test_loss", ShallowMethodResult::testLoss),
                new Column<>("base_distance", ShallowMethodResult::baseDistance),
                new Column<>("train_loss", ShallowMethodResult::trainLoss));
    }

    /**
     * {@code "test-loss"} (unseen-task test loss against fine-tuning epoch, a band per method and
     * value), {@code "base-distance"} ({@code ||A - A*||_F} against retraining epoch), {@code "final"}
     * (final test loss against the parameter).
     */
    @Override
    protected Map<String, XYChart> figures() {
        return inOrder(Map.entry("test-loss", ShallowFigures.testLoss(this)), Map.entry("base-distance", ShallowFigures.baseDistance(this)),
                Map.entry("final", ShallowFigures.finalLoss(this)));
    }
}
