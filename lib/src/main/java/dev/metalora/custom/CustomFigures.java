package dev.metalora.custom;

import dev.metalora.plot.Figure;
import dev.metalora.plot.FigureSet;
import dev.metalora.results.Stat;
import org.knowm.xchart.XYChart;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The figures of the custom experiment: curves over epochs (mean and min-max band over trials), and errors against a swept parameter. */
final class CustomFigures {
    private CustomFigures() {
    }

    /** Retraining: held-out error per epoch of each retraining method; fine-tuning: test error per epoch of each pair. */
    static FigureSet comparison(CustomComparison c) {
        Figure retraining = Figure.titled("Retraining: held-out error of the retraining tasks")
                .axes("retraining epoch", "held-out mean squared error").logY().size(700, 460);
        Set<String> seen = new LinkedHashSet<>();
        for (PairResult r : c.pairs()) {
            if (seen.add(r.method())) {
                band(retraining, PairResult.display(r.method()), r.heldOut());
            }
        }
        Figure fineTuning = Figure.titled("Fine-tuning on the unseen tasks")
                .axes("fine-tuning epoch", "test mean squared error").logY().size(700, 460);
        for (PairResult r : c.pairs()) {
            band(fineTuning, r.name(), r.testLoss());
        }
        Map<String, XYChart> charts = new LinkedHashMap<>();
        charts.put("retraining", retraining.build());
        charts.put("fine-tuning", fineTuning.build());
        return new FigureSet(charts, 2);
    }

    private static void band(Figure f, String name, double[][] curves) {
        int n = curves[0].length;
        double[] x = new double[n], mean = new double[n], min = new double[n], max = new double[n];
        for (int e = 0; e < n; e++) {
            double[] v = new double[curves.length];
            for (int t = 0; t < curves.length; t++) {
                v[t] = curves[t][e];
            }
            Stat s = Stat.of(v);
            x[e] = e + 1;
            mean[e] = s.mean();
            min[e] = s.min();
            max[e] = s.max();
        }
        f.band(name, x, mean, min, max);
    }

    /** The unseen tasks' final test error of every pair against the swept parameter. */
    static Map<String, XYChart> sweep(CustomSweep s) {
        Figure f = Figure.titled("Test error on the unseen tasks against " + s.parameter().label())
                .axes(s.parameter().label(), "test mean squared error (last epoch)").logY().size(700, 460);
        double[] x = s.values();
        List<String> names = List.copyOf(s.run(0).methods().keySet());
        for (String name : names) {
            double[] mean = new double[x.length], min = new double[x.length], max = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                Stat st = s.run(i).methods().get(name).finalLoss();
                mean[i] = st.mean();
                min[i] = st.min();
                max[i] = st.max();
            }
            f.points(name, x, mean, min, max);
        }
        Map<String, XYChart> charts = new LinkedHashMap<>();
        charts.put("test-loss", f.build());
        return charts;
    }
}
