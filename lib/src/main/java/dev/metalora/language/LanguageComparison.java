package dev.metalora.language;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.display.Displayable;
import dev.metalora.display.Html;
import dev.metalora.peft.FineTuneMethod;
import dev.metalora.peft.RetrainMethod;
import dev.metalora.plot.Figure;
import dev.metalora.results.Json;
import dev.metalora.results.Result;
import dev.metalora.results.Stat;
import dev.metalora.results.Table;
import org.knowm.xchart.XYChart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of a language run: for every retraining x fine-tuning method, hits@1 on each unseen
 * task before fine-tuning and after each fine-tuning epoch, per seed; and the retraining's held-out
 * accuracy per epoch with the epoch kept. Summaries are mean ± standard error over seeds (of the
 * average over unseen tasks, or per task).
 *
 * @param config      the run's knobs
 * @param unseenTasks names of the unseen tasks (of the first seed's split)
 * @param curves      [retrain][fine-tune] -> per seed, per task: {before, epoch 1, ..., epoch E}
 * @param validation  per retraining method, per seed: mean held-out accuracy of the retraining tasks per epoch
 * @param bestEpochs  per retraining method, per seed: the epoch kept (0-based)
 * @param seconds     wall time of the run
 */
public record LanguageComparison(LanguageConfig config, List<String> unseenTasks,
                                 Map<RetrainMethod, Map<FineTuneMethod, List<double[][]>>> curves,
                                 Map<RetrainMethod, List<double[]>> validation,
                                 Map<RetrainMethod, List<Integer>> bestEpochs, double seconds)
        implements Result, Displayable {

    public LanguageComparison {
        unseenTasks = List.copyOf(unseenTasks);
        Map<RetrainMethod, Map<FineTuneMethod, List<double[][]>>> c = new LinkedHashMap<>();
        curves.forEach((r, m) -> c.put(r, Map.copyOf(new LinkedHashMap<>(m))));
        curves = java.util.Collections.unmodifiableMap(c);
        validation = Map.copyOf(validation);
        bestEpochs = Map.copyOf(bestEpochs);
    }

    /** Before fine-tuning, last epoch, best epoch: mean over unseen tasks, statistics over seeds. */
    public record Summary(Stat before, Stat last, Stat best, Stat[] perEpoch) {
    }

    private List<double[][]> cell(RetrainMethod r, FineTuneMethod f) {
        List<double[][]> c = curves.getOrDefault(r, Map.of()).get(f);
        if (c == null) {
            throw new IllegalArgumentException("retrain, fineTune: " + r.id() + " + " + f.id() + " was not run; the run has "
                    + config.methods() + " x " + config.fineTunes());
        }
        return c;
    }

    /** The averaged summary of one pair of methods. */
    public Summary summary(RetrainMethod r, FineTuneMethod f) {
        return summarise(cell(r, f), -1);
    }

    /** The summary of one unseen task. */
    public Summary summary(RetrainMethod r, FineTuneMethod f, int task) {
        if (task < 0 || task >= unseenTasks.size()) {
            throw new IllegalArgumentException("task: must be in 0.." + (unseenTasks.size() - 1) + ", got " + task);
        }
        return summarise(cell(r, f), task);
    }

    private static Summary summarise(List<double[][]> perSeed, int task) {
        int epochs = perSeed.get(0)[0].length;
        double[] before = new double[perSeed.size()];
        double[] last = new double[perSeed.size()];
        double[] best = new double[perSeed.size()];
        double[][] curve = new double[epochs][perSeed.size()];
        for (int s = 0; s < perSeed.size(); s++) {
            double[][] rows = task < 0 ? perSeed.get(s) : new double[][] {perSeed.get(s)[task]};
            for (double[] row : rows) {
                before[s] += row[0] / rows.length;
                last[s] += row[epochs - 1] / rows.length;
                best[s] += Arrays.stream(row, 1, epochs).max().orElse(Double.NaN) / rows.length;
                for (int e = 0; e < epochs; e++) {
                    curve[e][s] += row[e] / rows.length;
                }
            }
        }
        return new Summary(Stat.of(before), Stat.of(last), Stat.of(best),
                Arrays.stream(curve).map(Stat::of).toArray(Stat[]::new));
    }

    /** Rows: retraining + fine-tuning method; columns: hits@1 before fine-tuning, last and best epoch (averaged over unseen tasks). */
    public Table table() {
        Table.Builder t = Table.of(String.format(Locale.ROOT, "%s on %s, %d unseen tasks: hits@1 of %d candidates, mean ± "
                        + "standard error over %d seed(s); %.0f s", config.encoder(), config.corpus(), unseenTasks.size(),
                config.candidates(), config.seeds().size(), seconds),
                "retraining", "fine-tuning", "before", "last", "best", "retraining best (epoch)");
        for (RetrainMethod r : config.methods()) {
            for (FineTuneMethod f : config.fineTunes()) {
                Summary s = summary(r, f);
                t.row(r.id(), f.id(), pm(s.before()), pm(s.last()), pm(s.best()), retrainingBest(r));
            }
        }
        return t.build();
    }

    /** Rows: unseen tasks; columns: every pair of methods; cells: best-epoch hits@1 (before fine-tuning in brackets). */
    public Table perTaskTable() {
        List<String> header = new ArrayList<>();
        header.add("unseen task");
        for (RetrainMethod r : config.methods()) {
            for (FineTuneMethod f : config.fineTunes()) {
                header.add(r.id() + " + " + f.id());
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (int t = 0; t < unseenTasks.size(); t++) {
            List<String> row = new ArrayList<>();
            row.add(unseenTasks.get(t));
            for (RetrainMethod r : config.methods()) {
                for (FineTuneMethod f : config.fineTunes()) {
                    Summary s = summary(r, f, t);
                    row.add(String.format(Locale.ROOT, "%.3f (%.3f)", s.best().mean(), s.before().mean()));
                }
            }
            rows.add(row);
        }
        return new Table("per unseen task: hits@1 at the best fine-tuning epoch (before fine-tuning), mean over seeds",
                header, rows);
    }

    private String retrainingBest(RetrainMethod r) {
        List<double[]> v = validation.get(r);
        List<Integer> e = bestEpochs.get(r);
        double[] best = new double[v.size()];
        for (int s = 0; s < v.size(); s++) {
            best[s] = v.get(s)[e.get(s)];
        }
        return pm(Stat.of(best)) + " (" + e + ")";
    }

    private static String pm(Stat s) {
        return String.format(Locale.ROOT, "%.3f ± %.3f", s.mean(), s.stderr());
    }

    /**
     * {@code {"config", "unseenTasks", "results": {RETRAIN: {FINETUNE: {"beforeAccuracy", "lastAccuracy", "bestAccuracy": Stat (hits@1),
     * "curve": [mean per epoch, epoch 0 = before], "perTask": [{"task", "before", "last", "best"}]}}},
     * "retraining": {RETRAIN: {"validation": [[per epoch] per seed], "bestEpoch": [per seed]}}, "seconds"}}.
     */
    @Override
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.set("config", config.toJson());
        ArrayNode names = n.putArray("unseenTasks");
        unseenTasks.forEach(names::add);
        ObjectNode res = n.putObject("results");
        for (RetrainMethod r : config.methods()) {
            ObjectNode row = res.putObject(r.id());
            for (FineTuneMethod f : config.fineTunes()) {
                ObjectNode cell = row.putObject(f.id());
                Summary s = summary(r, f);
                cell.set("beforeAccuracy", Json.stat(s.before()));
                cell.set("lastAccuracy", Json.stat(s.last()));
                cell.set("bestAccuracy", Json.stat(s.best()));
                ArrayNode curve = cell.putArray("curve");
                Arrays.stream(s.perEpoch()).forEach(x -> curve.add(x.mean()));
                ArrayNode per = cell.putArray("perTask");
                for (int t = 0; t < unseenTasks.size(); t++) {
                    Summary st = summary(r, f, t);
                    ObjectNode o = per.addObject();
                    o.put("task", unseenTasks.get(t));
                    o.set("before", Json.stat(st.before()));
                    o.set("last", Json.stat(st.last()));
                    o.set("best", Json.stat(st.best()));
                }
            }
        }
        ObjectNode sel = n.putObject("retraining");
        for (RetrainMethod r : config.methods()) {
            ObjectNode m = sel.putObject(r.id());
            ArrayNode v = m.putArray("validation");
            validation.get(r).forEach(curve -> {
                ArrayNode a = v.addArray();
                Arrays.stream(curve).forEach(a::add);
            });
            ArrayNode be = m.putArray("bestEpoch");
            bestEpochs.get(r).forEach(be::add);
        }
        n.put("seconds", seconds);
        return n;
    }

    @Override
    public String summary() {
        return table().text();
    }

    @Override
    public String html() {
        return Html.table(table()) + Html.table(perTaskTable());
    }

    @Override
    public String toString() {
        return summary();
    }

    /** Mean hits@1 over the unseen tasks against fine-tuning epoch (0: before), every pair of methods, min-max band over seeds. */
    public XYChart plot() {
        Figure fig = Figure.titled(config.encoder() + " on " + config.corpus() + ": " + unseenTasks.size()
                + " unseen tasks, hits@1 of " + config.candidates() + " during fine-tuning")
                .axes("fine-tuning epoch (0: before)", "hits@1");
        for (RetrainMethod r : config.methods()) {
            for (FineTuneMethod f : config.fineTunes()) {
                Stat[] s = summary(r, f).perEpoch();
                double[] x = new double[s.length];
                for (int e = 0; e < x.length; e++) {
                    x[e] = e;
                }
                fig.band(r.id() + " + " + f.id(), x, Arrays.stream(s).mapToDouble(Stat::mean).toArray(),
                        Arrays.stream(s).mapToDouble(Stat::min).toArray(), Arrays.stream(s).mapToDouble(Stat::max).toArray());
            }
        }
        return fig.build();
    }
}
