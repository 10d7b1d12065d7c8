package dev.metalora.shallow;

import dev.metalora.core.TrialTableResult;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.display.Notebook;
import dev.metalora.plot.FigureSet;
import dev.metalora.results.Json;
import dev.metalora.results.Table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shallow comparison for each value of one parameter: what {@link ShallowSweepExperiment#run()}
 * returns. Immutable; prints as a table, exports as JSON, draws the sweep's figures.
 *
 * @param parameter the varied parameter
 * @param runs      one comparison per value, in the order given
 * @param seconds   wall-clock compute time of the whole sweep
 */
public record ShallowSweep(ShallowParameter parameter, List<ShallowComparison> runs, double seconds)
        implements TrialTableResult {
    static {
        Notebook.init();
    }

    public ShallowSweep {
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("runs: a sweep needs at least one value");
        }
    }

    /** The varied values, in order. */
    public int[] values() {
        return runs.stream().mapToInt(r -> parameter.of(r.config())).toArray();
    }

    /** The comparison at the {@code i}-th value. */
    public ShallowComparison run(int i) {
        return runs.get(i);
    }

    /**
     * {@code {"parameter": "dim", "values": [...], "seconds": x, "runs": [C, ...]}}, each {@code C}
     * a comparison's JSON with {@code "value"} (the varied value) first.
     */
    @Override
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("parameter", parameter.key());
        ArrayNode vs = n.putArray("values");
        for (int v : values()) {
            vs.add(v);
        }
        n.put("seconds", seconds);
        ArrayNode arr = n.putArray("runs");
        for (ShallowComparison c : runs) {
            ObjectNode run = arr.addObject();
            run.put("value", parameter.of(c.config()));
            run.setAll(c.toJson());
        }
        return n;
    }

    /** Per value: final base distance and test loss of each method, seconds. */
    @Override
    public Table table() {
        ShallowConfig c0 = runs.get(0).config();
        Table.Builder t = Table.of(String.format("Shallow network, sweep over %s: %d trials per value, %.1f s",
                        parameter.label(), c0.trials(), seconds),
                parameter.key(), "LoRA-ML ||A-A*||_F", "SR ||A-A*||_F", "LoRA-ML test loss", "SR test loss", "seconds");
        for (ShallowComparison c : runs) {
            t.row(parameter.format(parameter.of(c.config())), c.loraMl().baseDistance().toString(),
                    c.standard().baseDistance().toString(), c.loraMl().testLoss().toString(),
                    c.standard().testLoss().toString(), String.format("%.1f", c.seconds()));
        }
        return t.build();
    }

    @Override
    public String toString() {
        return summary();
    }

    /**
     * The sweep's figures: {@code "test-loss"} (unseen-task test loss against fine-tuning epoch, a
     * band per method and value), {@code "base-distance"} ({@code ||A - A*||_F} against retraining
     * epoch), {@code "final"} (final test loss against the parameter).
     */
    public FigureSet plot() {
        Map<String, org.knowm.xchart.XYChart> charts = new LinkedHashMap<>();
        charts.put("test-loss", ShallowFigures.testLoss(this));
        charts.put("base-distance", ShallowFigures.baseDistance(this));
        charts.put("final", ShallowFigures.finalLoss(this));
        return new FigureSet(charts, 2);
    }
}
