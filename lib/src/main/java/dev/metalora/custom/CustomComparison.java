package dev.metalora.custom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.core.Column;
import dev.metalora.core.Comparison;
import dev.metalora.plot.FigureSet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a custom experiment: every pair of a retraining and a fine-tuning method over the
 * trials, one table row each ({@code mean [min, max]} over trials), as JSON ({@link #toJson()}),
 * CSV ({@link #toCsv}: one row per pair and trial) and figures ({@link #plot()}: the retraining and fine-tuning curves).
 *
 * @param config  the configuration run
 * @param methods the pairs by name ({@code "LoRA-ML + LoRA"}), retraining methods in the order given,
 *                each with its fine-tuning methods
 * @param seconds wall-clock compute time
 */
public record CustomComparison(CustomConfig config, Map<String, PairResult> methods, double seconds)
        implements Comparison<CustomConfig, PairResult> {
    private static final long serialVersionUID = 1L;

    public CustomComparison {
        methods = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(methods));
    }

    static CustomComparison of(CustomConfig c, List<CustomTrials> parts, double seconds) {
        Map<String, List<TrialCurves>> byPair = new LinkedHashMap<>();
        for (var m : c.methods()) {
            for (var f : c.fineTunes()) {
                byPair.put(PairResult.name(m.id(), f.id()), new java.util.ArrayList<>());
            }
        }
        for (CustomTrials part : parts) {
            for (TrialCurves t : part.curves()) {
                byPair.get(PairResult.name(t.method(), t.fineTune())).add(t);
            }
        }
        Map<String, PairResult> methods = new LinkedHashMap<>();
        byPair.forEach((name, trials) -> methods.put(name, PairResult.of(trials)));
        return new CustomComparison(c, methods, seconds);
    }

    /** The pairs in table order. */
    public List<PairResult> pairs() {
        return List.copyOf(methods.values());
    }

    /** The pair named {@code name} ({@code "LoRA-ML + LoRA"}); any other name fails, listing the pairs. */
    public PairResult pair(String name) {
        PairResult r = methods.get(name);
        if (r == null) {
            throw new IllegalArgumentException("name: '" + name + "' is not a method pair of this run; pairs: " + methods.keySet());
        }
        return r;
    }

    @Override
    public String caption() {
        return "Your model: test error on the unseen tasks after fine-tuning (" + config.trials() + " trial"
                + (config.trials() == 1 ? "" : "s") + ", " + config.tasks() + ")";
    }

    @Override
    public List<Column<PairResult>> columns() {
        return List.of(new Column<>("test MSE (last epoch)", PairResult::finalLoss),
                new Column<>("test MSE (best epoch)", PairResult::bestLoss),
                new Column<>("retraining held-out MSE", PairResult::retrainedLoss));
    }

    /** The CSV's columns after {@code method, trial}: one row per pair and trial. */
    @Override
    public List<Column<PairResult>> csvColumns() {
        return List.of(new Column<>("final_test_mse", PairResult::finalLoss),
                new Column<>("best_test_mse", PairResult::bestLoss),
                new Column<>("retrained_mse", PairResult::retrainedLoss));
    }

    /** The retraining curves and the fine-tuning curves, side by side. */
    public FigureSet plot() {
        return CustomFigures.comparison(this);
    }

    @Override
    public void extraJson(ObjectNode json) {
    }

    @Override
    public String toString() {
        return summary();
    }
}
