package dev.metalora.linear;

import dev.metalora.progress.Progress;

import java.util.List;

/**
 * The retraining problems of several independent trials, stacked trial-major: entry
 * {@code trial * tasks + t} of {@code stats} is task t of that trial, and {@code aStars} holds
 * each trial's ground-truth base (flat row-major), against which the base error is measured.
 */
public record RetrainingData(int dim, int tasks, List<SufficientStats> stats, List<double[]> aStars) {
    public RetrainingData {
        stats = List.copyOf(stats);
        aStars = aStars.stream().map(double[]::clone).toList();
        if (stats.size() != tasks * aStars.size()) {
            throw new IllegalArgumentException("stats: need tasks x trials = " + tasks * aStars.size()
                    + " entries, got " + stats.size());
        }
    }

    /** Draws N samples of every task of each family and keeps their sufficient statistics. */
    public static RetrainingData sample(List<TaskFamily> families, int samples) {
        TaskFamily first = families.get(0);
        var stats = new java.util.ArrayList<SufficientStats>();
        for (TaskFamily f : families) {
            for (int t = 0; t < f.tasks(); t++) {
                Progress.checkInterrupted("sampling the retraining data");   // large N x d takes seconds
                stats.add(f.sample(t, samples).stats());
            }
        }
        return new RetrainingData(first.dim(), first.tasks(), stats, families.stream().map(TaskFamily::aStarFlat).toList());
    }

    public int trials() {
        return aStars.size();
    }

    /** Stacks of {@code Sigma_t}, {@code C_t} and (replicated per task) {@code A*}, batch trials x tasks. */
    Stack[] stacks(Kernel kernel) {
        int b = stats.size(), dd = dim * dim;
        double[] sigma = new double[b * dd], c = new double[b * dd], a = new double[b * dd];
        for (int i = 0; i < b; i++) {
            System.arraycopy(stats.get(i).sigma(), 0, sigma, i * dd, dd);
            System.arraycopy(stats.get(i).c(), 0, c, i * dd, dd);
            System.arraycopy(aStars.get(i / tasks), 0, a, i * dd, dd);
        }
        return new Stack[] {kernel.of(sigma, b, dim, dim), kernel.of(c, b, dim, dim), kernel.of(a, b, dim, dim)};
    }
}
