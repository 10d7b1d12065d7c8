package dev.metalora.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.results.Json;
import dev.metalora.results.Table;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Methods compared over trials (or seeds) in one configuration of any setting: what a setting's
 * {@code run()} returns. A setting supplies its configuration, its methods' results, the table's
 * caption and columns; the table ({@code mean [min, max]} cells, one row per method), the text and
 * HTML summaries and the JSON come from here.
 *
 * <p>JSON: {@code {"config": {...}, "methods": {name: M, ...}, ...extra, "seconds": x}}.
 *
 * @param <C> the configuration
 * @param <M> one method's result
 */
public interface Comparison<C extends Config, M extends MethodResult> extends TrialTableResult, Serializable {

    C config();

    /** The methods' results by JSON name, in table order. */
    Map<String, M> methods();

    /** Wall-clock compute time of the run. */
    double seconds();

    /** The table's caption. */
    String caption();

    /** The table's columns after the method's name: statistics of a method's result. */
    List<Column<M>> columns();

    /** Rows after the methods' rows (a theory's prediction, say); none by default. */
    default void extraRows(Table.Builder table) {
    }

    /** Entries between {@code "methods"} and {@code "seconds"} in {@link #toJson()}; none by default. */
    default void extraJson(ObjectNode json) {
    }

    @Override
    default Table table() {
        List<String> header = new ArrayList<>(List.of("method"));
        columns().forEach(c -> header.add(c.title()));
        Table.Builder t = Table.of(caption(), header.toArray(String[]::new));
        methods().forEach((name, r) -> {
            List<String> row = new ArrayList<>(List.of(MethodPair.display(name)));
            columns().forEach(c -> row.add(c.stat().apply(r).toString()));
            t.row(row.toArray(String[]::new));
        });
        extraRows(t);
        return t.build();
    }

    @Override
    default ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.set("config", config().toJson());
        ObjectNode methods = n.putObject("methods");
        methods().forEach((name, r) -> methods.set(name, r.toJson()));
        extraJson(n);
        n.put("seconds", seconds());
        return n;
    }
}
