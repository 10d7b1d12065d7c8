package dev.metalora.linear;

import dev.metalora.core.TrialTableResult;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.display.Notebook;
import dev.metalora.plot.FigureSet;
import dev.metalora.results.Csv;
import dev.metalora.results.Json;
import dev.metalora.results.Table;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The linear comparison for each value of one parameter: what {@link LinearSweepExperiment#run()}
 * returns. Immutable; prints as a table, exports as JSON and CSV, draws the sweep's figures.
 *
 * @param parameter the varied parameter
 * @param runs      one comparison per value, in the order given (each knows its value through its config)
 * @param seconds   wall-clock compute time of the whole sweep
 */
public record LinearSweep(LinearParameter parameter, List<LinearComparison> runs, double seconds)
        implements TrialTableResult {
    static {
        Notebook.init();
    }

    public LinearSweep {
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("runs: a sweep needs at least one value");
        }
    }

    /** The varied values, in order. */
    public double[] values() {
        return runs.stream().mapToDouble(r -> parameter.of(r.config())).toArray();
    }

    /** LoRA-ML's least-squares log-log fit of final test loss against the varied values (slope -1 is the k d / n rate). */
    public dev.metalora.plot.PowerLawFit loraMlFit() {
        return LinearFigures.loraMlSlope(this);
    }

    /** The comparison at the {@code i}-th value. */
    public LinearComparison run(int i) {
        return runs.get(i);
    }

    /**
     * {@code {"parameter": "tasks", "values": [...], "seconds": x, "runs": [C, ...]}}, each {@code C}
     * a comparison's JSON with {@code "value"} (the varied value) first.
     */
    @Override
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("parameter", parameter.key());
        ArrayNode values = n.putArray("values");
        runs.forEach(c -> values.add(json(value(c))));
        n.put("seconds", seconds);
        ArrayNode arr = n.putArray("runs");
        for (LinearComparison c : runs) {
            ObjectNode run = arr.addObject();
            run.set("value", json(value(c)));
            run.setAll(c.toJson());
        }
        return n;
    }

    /** The varied value of a run: a whole number for an integer parameter. */
    private Number value(LinearComparison c) {
        double v = parameter.of(c.config());
        return parameter.integer() ? (Number) (long) v : (Number) v;
    }

    private static JsonNode json(Number v) {
        return v instanceof Long l ? LongNode.valueOf(l) : DoubleNode.valueOf(v.doubleValue());
    }

    /** One row per value, method and trial: final test loss, final base error, the run's seconds. */
    public Csv csv() {
        Csv csv = new Csv("parameter", "value", "method", "trial", "final_test_loss", "base_error", "run_seconds");
        for (LinearComparison c : runs) {
            for (var m : c.methods().entrySet()) {
                double[][] loss = m.getValue().testLossCurves(), base = m.getValue().baseErrorCurves();
                for (int trial = 0; trial < loss.length; trial++) {
                    csv.row(parameter.key(), value(c), m.getKey(), trial, last(loss[trial]), last(base[trial]), c.seconds());
                }
            }
        }
        return csv;
    }

    /** Writes {@link #csv()} atomically. */
    public Path toCsv(Path path) {
        return csv().save(path);
    }

    private static double last(double[] curve) {
        return curve[curve.length - 1];
    }

    /** Per value: final base error and test loss of each method, SR's theory floor, seconds. */
    @Override
    public Table table() {
        LinearConfig c0 = runs.get(0).config();
        Table.Builder t = Table.of(String.format("Linear sweep over %s: %d trials per value, test loss = %s, %.2f s",
                        parameter.label(), c0.trials(), c0.metric().label(), seconds),
                parameter.key(), "LoRA-ML base error", "SR base error", "LoRA-ML test loss", "SR test loss",
                "SR floor (theory)", "seconds");
        for (LinearComparison c : runs) {
            t.row(parameter.format(parameter.of(c.config())), c.loraMl().baseError().toString(),
                    c.standard().baseError().toString(), c.loraMl().testLoss().toString(),
                    c.standard().testLoss().toString(), c.standardFloor().toString(),
                    String.format("%.2f", c.seconds()));
        }
        return t.build();
    }

    @Override
    public String toString() {
        return summary();
    }

    /**
     * The sweep's figures: {@code "test-loss"} (the reference figure: test-task loss against
     * fine-tuning step, a band per method and value), {@code "base-error"} (base error against outer
     * step), {@code "final"} (final test loss against the parameter with SR's theory floor; for
     * {@code testSamples} on log-log axes with the fitted slope and the {@code k d / n} rate).
     */
    public FigureSet plot() {
        Map<String, org.knowm.xchart.XYChart> charts = new LinkedHashMap<>();
        charts.put("test-loss", LinearFigures.testLoss(this));
        charts.put("base-error", LinearFigures.baseError(this));
        charts.put("final", LinearFigures.finalLoss(this));
        return new FigureSet(charts, 2);
    }
}
