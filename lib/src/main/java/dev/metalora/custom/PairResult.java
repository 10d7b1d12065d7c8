package dev.metalora.custom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.core.MethodResult;
import dev.metalora.results.Json;
import dev.metalora.results.Stat;

import java.util.Arrays;
import java.util.List;

/**
 * One retraining method followed by one fine-tuning method, over the trials: the unseen tasks'
 * test error after the last and the best fine-tuning epoch, and the retraining curves.
 *
 * @param method    retraining method id ({@code "lora-ml"})
 * @param fineTune  fine-tuning method id ({@code "lora"})
 * @param trainLoss per trial, the retraining loss per epoch
 * @param heldOut   per trial, the retraining tasks' held-out error per epoch
 * @param bestEpoch per trial, the retraining epoch kept
 * @param testLoss  per trial, the unseen tasks' test error per fine-tuning epoch
 */
public record PairResult(String method, String fineTune, double[][] trainLoss, double[][] heldOut, int[] bestEpoch,
                         double[][] testLoss) implements MethodResult {
    private static final long serialVersionUID = 1L;

    static PairResult of(List<TrialCurves> trials) {
        TrialCurves first = trials.get(0);
        return new PairResult(first.method(), first.fineTune(),
                trials.stream().map(TrialCurves::trainLoss).toArray(double[][]::new),
                trials.stream().map(TrialCurves::heldOut).toArray(double[][]::new),
                trials.stream().mapToInt(TrialCurves::bestEpoch).toArray(),
                trials.stream().map(TrialCurves::testLoss).toArray(double[][]::new));
    }

    /** The name in tables, legends and JSON: {@code "LoRA-ML + LoRA"}. */
    public String name() {
        return name(method, fineTune);
    }

    static String name(String method, String fineTune) {
        return display(method) + " + " + (fineTune.equals("lora") ? "LoRA" : fineTune);
    }

    /** A retraining method's name in tables and legends: "SR", "LoRA-ML", "last-layer-ML", "Reptile". */
    static String display(String method) {
        return switch (method) {
            case "standard" -> "SR";
            case "lora-ml" -> "LoRA-ML";
            case "last-layer-ml" -> "last-layer-ML";
            case "reptile" -> "Reptile";
            default -> method;
        };
    }

    public int trials() {
        return testLoss.length;
    }

    /** Test error on the unseen tasks after the last fine-tuning epoch. */
    public Stat finalLoss() {
        return Stat.of(Arrays.stream(testLoss).mapToDouble(c -> c[c.length - 1]).toArray());
    }

    /** Test error on the unseen tasks at the best fine-tuning epoch. */
    public Stat bestLoss() {
        return Stat.of(Arrays.stream(testLoss).mapToDouble(c -> Arrays.stream(c).min().orElseThrow()).toArray());
    }

    /** The retraining tasks' held-out error at the retraining epoch kept. */
    public Stat retrainedLoss() {
        double[] v = new double[heldOut.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = heldOut[i][bestEpoch[i]];
        }
        return Stat.of(v);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("method", method).put("fineTune", fineTune);
        n.set("finalLoss", Json.stat(finalLoss()));
        n.set("bestLoss", Json.stat(bestLoss()));
        n.set("retrainedLoss", Json.stat(retrainedLoss()));
        ArrayNode best = n.putArray("bestEpoch");
        Arrays.stream(bestEpoch).forEach(best::add);
        n.set("testLoss", curves(testLoss));
        n.set("heldOut", curves(heldOut));
        n.set("trainLoss", curves(trainLoss));
        return n;
    }

    private static ArrayNode curves(double[][] c) {
        ArrayNode a = Json.mapper().createArrayNode();
        for (double[] trial : c) {
            ArrayNode t = a.addArray();
            Arrays.stream(trial).forEach(t::add);
        }
        return a;
    }
}
