package dev.metalora.vision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.display.Displayable;
import dev.metalora.display.Html;
import dev.metalora.plot.Figure;
import dev.metalora.results.Json;
import dev.metalora.results.Result;
import dev.metalora.results.Stat;
import dev.metalora.results.Table;
import dev.metalora.peft.FineTuneMethod;
import dev.metalora.peft.RetrainMethod;
import org.knowm.xchart.XYChart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The vision comparison (the paper's table): test accuracy on the unseen task after fine-tuning,
 * for every retraining method (rows) and fine-tuning method (columns), over seeds.
 *
 * @param results    accuracy curves by retraining then fine-tuning method
 * @param retraining validation curves and chosen epochs by retraining method
 * @param seconds    wall-clock time of the run
 */
public record VisionComparison(VisionConfig config, Map<RetrainMethod, Map<FineTuneMethod, Curves>> results,
                               Map<RetrainMethod, Selection> retraining, double seconds)
        implements Result, Displayable {

    public VisionComparison {
        Map<RetrainMethod, Map<FineTuneMethod, Curves>> copy = new LinkedHashMap<>();
        results.forEach((r, m) -> copy.put(r, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m))));
        results = java.util.Collections.unmodifiableMap(copy);
        retraining = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(retraining));
    }

    /** Test accuracy after each fine-tuning epoch, one row per seed. */
    public record Curves(double[][] accuracy) {
        public Curves {
            accuracy = Arrays.stream(accuracy).map(double[]::clone).toArray(double[][]::new);
        }

        @Override
        public double[][] accuracy() {
            return Arrays.stream(accuracy).map(double[]::clone).toArray(double[][]::new);
        }

        /** Accuracy after the last epoch, over seeds. */
        public Stat last() {
            return Stat.of(Arrays.stream(accuracy).mapToDouble(a -> a[a.length - 1]).toArray());
        }

        /** Highest accuracy over the epochs, over seeds. */
        public Stat best() {
            return Stat.of(Arrays.stream(accuracy).mapToDouble(a -> Arrays.stream(a).max().orElseThrow()).toArray());
        }

        /** The statistic of each epoch over seeds. */
        public Stat[] perEpoch() {
            Stat[] s = new Stat[accuracy[0].length];
            for (int e = 0; e < s.length; e++) {
                int epoch = e;
                s[e] = Stat.of(Arrays.stream(accuracy).mapToDouble(a -> a[epoch]).toArray());
            }
            return s;
        }
    }

    /** Retraining's validation accuracy after each epoch (one row per seed) and the chosen epochs. */
    public record Selection(double[][] validationAccuracy, int[] bestEpoch) {
        public Selection {
            validationAccuracy = Arrays.stream(validationAccuracy).map(double[]::clone).toArray(double[][]::new);
            bestEpoch = bestEpoch.clone();
        }

        @Override
        public double[][] validationAccuracy() {
            return Arrays.stream(validationAccuracy).map(double[]::clone).toArray(double[][]::new);
        }

        @Override
        public int[] bestEpoch() {
            return bestEpoch.clone();
        }

        /** Validation accuracy of the chosen epoch, over seeds. */
        public Stat best() {
            double[] v = new double[bestEpoch.length];
            for (int s = 0; s < v.length; s++) {
                v[s] = validationAccuracy[s][bestEpoch[s]];
            }
            return Stat.of(v);
        }
    }

    /** Whether the run fine-tuned {@code retrain} with {@code fineTune}. */
    public boolean has(RetrainMethod retrain, FineTuneMethod fineTune) {
        return results.getOrDefault(retrain, Map.of()).containsKey(fineTune);
    }

    /** The cell of one retraining and one fine-tuning method. */
    public Curves get(RetrainMethod retrain, FineTuneMethod fineTune) {
        Curves c = results.getOrDefault(retrain, Map.of()).get(fineTune);
        if (c == null) {
            throw new IllegalArgumentException("retrain, fineTune: " + retrain + " + " + fineTune
                    + " was not run; the run has " + config.methods() + " x " + config.fineTunes());
        }
        return c;
    }

    /**
     * {@code {"config", "results": {RETRAIN: {FINETUNE: {"lastAccuracy": S, "bestAccuracy": S,
     * "accuracyCurve": [mean per epoch]}}}, "retraining": {RETRAIN: {"bestValidationAccuracy": S,
     * "bestEpoch": [per seed]}}, "seconds"}}.
     */
    @Override
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.set("config", config.toJson());
        ObjectNode res = n.putObject("results");
        results.forEach((r, byFt) -> {
            ObjectNode row = res.putObject(r.id());
            byFt.forEach((f, c) -> {
                ObjectNode cell = row.putObject(f.id());
                cell.set("lastAccuracy", Json.stat(c.last()));
                cell.set("bestAccuracy", Json.stat(c.best()));
                var curve = cell.putArray("accuracyCurve");
                Arrays.stream(c.perEpoch()).forEach(s -> curve.add(s.mean()));
            });
        });
        ObjectNode sel = n.putObject("retraining");
        retraining.forEach((r, s) -> {
            ObjectNode m = sel.putObject(r.id());
            m.set("bestValidationAccuracy", Json.stat(s.best()));
            var be = m.putArray("bestEpoch");
            Arrays.stream(s.bestEpoch()).forEach(be::add);
        });
        n.put("seconds", seconds);
        return n;
    }

    /** Rows: retraining methods; columns: fine-tuning methods; cells: last (best) accuracy, mean ± stderr. */
    public Table table() {
        List<String> header = new ArrayList<>();
        header.add("retraining");
        config.fineTunes().forEach(f -> header.add(f.id()));
        List<List<String>> rows = new ArrayList<>();
        for (RetrainMethod r : config.methods()) {
            List<String> row = new ArrayList<>();
            row.add(r.id());
            for (FineTuneMethod f : config.fineTunes()) {
                if (!has(r, f)) {
                    row.add("—");
                    continue;
                }
                Curves c = get(r, f);
                row.add(pm(c.last()) + " (" + pm(c.best()) + ")");
            }
            rows.add(row);
        }
        int seeds = config.seeds().size();
        String caption = String.format(Locale.ROOT,
                "%s, unseen task %s: test accuracy after fine-tuning, last epoch (best epoch), mean ± standard "
                        + "error over %d seed%s; %.0f s", config.dataset(), config.protocol().unseen(), seeds,
                seeds == 1 ? "" : "s", seconds);
        return new Table(caption, header, rows);
    }

    private static String pm(Stat s) {
        return String.format(Locale.ROOT, "%.3f ± %.3f", s.mean(), s.stderr());
    }

    @Override
    public String summary() {
        return table().text();
    }

    @Override
    public String html() {
        return Html.table(table());
    }

    @Override
    public String toString() {
        return summary();
    }

    /** Test accuracy against fine-tuning epoch for every pair of methods (mean, min-max band over seeds). */
    public XYChart plot() {
        return plot(config.fineTunes().toArray(FineTuneMethod[]::new));
    }

    /** The same for the given fine-tuning methods only. */
    public XYChart plot(FineTuneMethod... fineTunes) {
        Figure fig = Figure.titled(config.dataset() + ": unseen task " + config.protocol().unseen()
                + ", accuracy during fine-tuning").axes("fine-tuning epoch", "test accuracy");
        for (RetrainMethod r : config.methods()) {
            for (FineTuneMethod f : fineTunes) {
                if (!has(r, f)) {
                    continue;
                }
                Stat[] s = get(r, f).perEpoch();
                double[] x = new double[s.length];
                for (int e = 0; e < x.length; e++) {
                    x[e] = e + 1;
                }
                fig.band(r.id() + " + " + f.id(), x, Arrays.stream(s).mapToDouble(Stat::mean).toArray(),
                        Arrays.stream(s).mapToDouble(Stat::min).toArray(),
                        Arrays.stream(s).mapToDouble(Stat::max).toArray());
            }
        }
        return fig.build();
    }
}
