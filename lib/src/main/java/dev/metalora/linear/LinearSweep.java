package dev.metalora.linear;

import dev.metalora.core.Column;
import dev.metalora.core.Parameter;
import dev.metalora.core.Sweep;
import dev.metalora.display.Notebook;
import dev.metalora.plot.PowerLawFit;
import org.knowm.xchart.XYChart;

import java.util.List;
import java.util.Map;

/**
 * The linear comparison for each value of one parameter: what {@link LinearSweepExperiment#run()}
 * returns (a {@link Sweep}: table, JSON, CSV). The CSV's columns are {@code final_test_loss} and
 * {@code base_error}; the table adds SR's theory floor.
 */
public final class LinearSweep extends Sweep<LinearConfig, LinearMethodResult, LinearComparison> {
    private static final long serialVersionUID = 1L;

    static {
        Notebook.init();
    }

    /**
     * @param parameter the varied parameter
     * @param runs      one comparison per value, in the order given
     * @param seconds   wall-clock compute time of the whole sweep
     */
    public LinearSweep(Parameter<LinearExperiment, LinearConfig> parameter, List<LinearComparison> runs, double seconds) {
        super(parameter, runs, seconds);
    }

    /** LoRA-ML's least-squares log-log fit of final test loss against the varied values (slope -1 is the k d / n rate). */
    public PowerLawFit loraMlFit() {
        return LinearFigures.loraMlSlope(this);
    }

    @Override
    protected String caption() {
        LinearConfig c0 = run(0).config();
        return String.format("Linear sweep over %s: %d trials per value, test loss = %s, %.2f s",
                parameter().label(), c0.trials(), c0.metric().label(), seconds());
    }

    @Override
    protected List<Column<LinearMethodResult>> methodColumns() {
        return List.of(new Column<>("base error", LinearMethodResult::baseError),
                new Column<>("test loss", LinearMethodResult::testLoss));
    }

    @Override
    protected List<Column<LinearComparison>> runColumns() {
        return List.of(new Column<>("SR floor (theory)", LinearComparison::standardFloor));
    }

    @Override
    protected List<Column<LinearMethodResult>> csvColumns() {
        return List.of(new Column<>("final_test_loss", LinearMethodResult::testLoss),
                new Column<>("base_error", LinearMethodResult::baseError));
    }

    /**
     * {@code "test-loss"} (the reference figure: test-task loss against fine-tuning step, a band per
     * method and value), {@code "base-error"} (base error against outer step), {@code "final"}
     * (final test loss against the parameter with SR's theory floor; for {@code testSamples} on
     * log-log axes with the fitted slope and the {@code k d / n} rate).
     */
    @Override
    protected Map<String, XYChart> figures() {
        return inOrder(Map.entry("test-loss", LinearFigures.testLoss(this)), Map.entry("base-error", LinearFigures.baseError(this)),
                Map.entry("final", LinearFigures.finalLoss(this)));
    }
}
