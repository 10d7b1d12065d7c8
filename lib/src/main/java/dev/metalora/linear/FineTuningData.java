package dev.metalora.linear;

import java.util.List;

/**
 * A batch of fine-tuning problems: problem i fine-tunes the frozen base {@code bases[i]} (flat
 * row-major d x d) on the data summarised by {@code stats[i]}, and is scored against the unseen
 * task's {@code targets[i] = Theta*}.
 */
public record FineTuningData(int dim, List<double[]> bases, List<double[]> targets, List<SufficientStats> stats) {
    public FineTuningData {
        bases = bases.stream().map(double[]::clone).toList();
        targets = targets.stream().map(double[]::clone).toList();
        stats = List.copyOf(stats);
        if (bases.size() != targets.size() || bases.size() != stats.size()) {
            throw new IllegalArgumentException("bases, targets, stats: need equal counts, got "
                    + bases.size() + ", " + targets.size() + ", " + stats.size());
        }
    }

    public int size() {
        return bases.size();
    }
}
