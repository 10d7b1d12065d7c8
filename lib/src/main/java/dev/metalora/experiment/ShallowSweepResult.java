package dev.metalora.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.results.Json;

import java.util.List;

/**
 * The shallow comparison for each value of one parameter: what {@link ShallowSweep#run()} returns.
 *
 * @param seconds wall-clock compute time of the whole sweep
 */
public record ShallowSweepResult(String parameter, int[] values, List<ShallowComparison> runs, double seconds) {

    public ShallowSweepResult {
        values = values.clone();
        runs = List.copyOf(runs);
    }

    @Override
    public int[] values() {
        return values.clone();
    }

    /** {@code {"parameter", "values": [...], "runs": [comparison, ...], "seconds"}}. */
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("parameter", parameter);
        var v = n.putArray("values");
        for (int x : values) {
            v.add(x);
        }
        var r = n.putArray("runs");
        for (ShallowComparison c : runs) {
            r.add(c.toJson());
        }
        n.put("seconds", seconds);
        return n;
    }

    /** One row per value: base distance and test loss of each method. */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format("shallow network, varying %s (%.1f s)%n", parameter, seconds));
        String row = "%-8s %-26s %-26s %-26s %s%n";
        s.append(String.format(row, parameter, "LoRA-ML ||A-A*||_F", "SR ||A-A*||_F", "LoRA-ML test loss", "SR test loss"));
        for (int i = 0; i < values.length; i++) {
            ShallowComparison c = runs.get(i);
            s.append(String.format(row, values[i], c.loraMl().baseDistance(), c.standard().baseDistance(),
                    c.loraMl().testLoss(), c.standard().testLoss()));
        }
        s.append("(mean [min, max] over trials)");
        return s.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
