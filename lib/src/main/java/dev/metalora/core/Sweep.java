package dev.metalora.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.plot.FigureSet;
import dev.metalora.results.Csv;
import dev.metalora.results.Json;
import dev.metalora.results.Stat;
import dev.metalora.results.Table;
import org.knowm.xchart.XYChart;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A comparison for each value of one parameter: what a {@link SweepExperiment} returns. Immutable;
 * prints as a table (one row per value), exports as JSON and CSV, draws the setting's figures. A
 * setting supplies the table's caption and columns, the CSV's per-trial columns and its figures.
 *
 * <p>JSON: {@code {"parameter": "tasks", "values": [...], "seconds": x, "runs": [C, ...]}}, each
 * {@code C} a comparison's JSON with {@code "value"} (the varied value) first. CSV: one row per
 * value, method and trial: {@code parameter, value, method, trial,} the setting's columns,
 * {@code run_seconds}.
 *
 * @param <C> the configuration
 * @param <M> one method's result
 * @param <R> one value's comparison
 */
public abstract class Sweep<C extends Config, M extends MethodResult, R extends Comparison<C, M>>
        implements TrialTableResult, Serializable {
    private static final long serialVersionUID = 1L;

    private final Parameter<?, C> parameter;
    private final List<R> runs;
    private final double seconds;

    /**
     * @param parameter the varied parameter
     * @param runs      one comparison per value, in the order given (each knows its value through its config)
     * @param seconds   wall-clock compute time of the whole sweep
     */
    protected Sweep(Parameter<?, C> parameter, List<R> runs, double seconds) {
        this.parameter = parameter;
        this.runs = List.copyOf(runs);
        this.seconds = seconds;
        if (this.runs.isEmpty()) {
            throw new IllegalArgumentException("runs: a sweep needs at least one value");
        }
    }

    /** The table's caption. */
    protected abstract String caption();

    /** The table's columns per method (each becomes one column per method: "LoRA-ML base error", "SR base error"). */
    protected abstract List<Column<M>> methodColumns();

    /** Further columns of a value's row, after the methods' (a theory's prediction); none by default. */
    protected List<Column<R>> runColumns() {
        return List.of();
    }

    /** The CSV's columns: a statistic per method whose {@code values()} are the trials'. */
    protected abstract List<Column<M>> csvColumns();

    /** The sweep's figures by name. */
    protected abstract Map<String, XYChart> figures();

    public Parameter<?, C> parameter() {
        return parameter;
    }

    public List<R> runs() {
        return runs;
    }

    public double seconds() {
        return seconds;
    }

    /** The comparison at the {@code i}-th value. */
    public R run(int i) {
        return runs.get(i);
    }

    /** The varied values, in order. */
    public double[] values() {
        return runs.stream().mapToDouble(r -> parameter.of(r.config())).toArray();
    }

    /** The varied value of a run, in words: {@code "T = 3"}. */
    public String format(R run) {
        return parameter.format(parameter.of(run.config()));
    }

    private static JsonNode json(Number v) {
        return v instanceof Long l ? LongNode.valueOf(l) : DoubleNode.valueOf(v.doubleValue());
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("parameter", parameter.key());
        ArrayNode values = n.putArray("values");
        runs.forEach(c -> values.add(json(parameter.value(c.config()))));
        n.put("seconds", seconds);
        ArrayNode arr = n.putArray("runs");
        for (R c : runs) {
            ObjectNode run = arr.addObject();
            run.set("value", json(parameter.value(c.config())));
            run.setAll(c.toJson());
        }
        return n;
    }

    /** One row per value, method and trial (see the class comment). */
    public Csv csv() {
        List<String> header = new ArrayList<>(List.of("parameter", "value", "method", "trial"));
        csvColumns().forEach(c -> header.add(c.title()));
        header.add("run_seconds");
        Csv csv = new Csv(header.toArray(String[]::new));
        for (R c : runs) {
            for (var m : c.methods().entrySet()) {
                List<double[]> columns = csvColumns().stream().map(k -> k.stat().apply(m.getValue()).values()).toList();
                for (int trial = 0; trial < columns.get(0).length; trial++) {
                    List<Object> row = new ArrayList<>(List.of(parameter.key(), parameter.value(c.config()), m.getKey(), trial));
                    for (double[] column : columns) {
                        row.add(column[trial]);
                    }
                    row.add(c.seconds());
                    csv.row(row.toArray());
                }
            }
        }
        return csv;
    }

    /** Writes {@link #csv()} atomically. */
    public Path toCsv(Path path) {
        return csv().save(path);
    }

    /** Per value: each method's statistics, the setting's further columns, seconds. */
    @Override
    public Table table() {
        List<String> methods = List.copyOf(runs.get(0).methods().keySet());
        List<String> header = new ArrayList<>(List.of(parameter.key()));
        for (Column<M> c : methodColumns()) {
            methods.forEach(m -> header.add(MethodPair.display(m) + " " + c.title()));
        }
        runColumns().forEach(c -> header.add(c.title()));
        header.add("seconds");
        Table.Builder t = Table.of(caption(), header.toArray(String[]::new));
        for (R run : runs) {
            List<String> row = new ArrayList<>(List.of(format(run)));
            for (Column<M> c : methodColumns()) {
                methods.forEach(m -> row.add(stat(c, run.methods().get(m))));
            }
            runColumns().forEach(c -> row.add(c.stat().apply(run).toString()));
            row.add(String.format("%.2f", run.seconds()));
            t.row(row.toArray(String[]::new));
        }
        return t.build();
    }

    private static <M> String stat(Column<M> c, M result) {
        Stat s = result == null ? null : c.stat().apply(result);
        return s == null ? "" : s.toString();
    }

    /** Named figures in the order given: {@code inOrder(Map.entry("test-loss", chart), ...)}. */
    @SafeVarargs
    protected static Map<String, XYChart> inOrder(Map.Entry<String, XYChart>... figures) {
        Map<String, XYChart> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, XYChart> f : figures) {
            out.put(f.getKey(), f.getValue());
        }
        return out;
    }

    /** The sweep's figures ({@link #figures()}), two per row. */
    public FigureSet plot() {
        return new FigureSet(figures(), 2);
    }

    @Override
    public String toString() {
        return summary();
    }
}
