package dev.metalora.core;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The trials {@code first, ..., first + count - 1} of a configuration: one job of an experiment
 * whose trials train together (the shallow setting's stacked networks). A trial draws its data and
 * initial weights from its own index, so a trial's result does not depend on the chunk it is in.
 *
 * @param config the whole run's configuration
 * @param first  the first trial's index
 * @param count  how many trials
 */
public record TrialChunk<C extends Serializable>(C config, int first, int count) implements Serializable {

    public TrialChunk {
        if (first < 0 || count < 1) {
            throw new IllegalArgumentException("trials: a chunk needs first >= 0 and count >= 1, got first "
                    + first + ", count " + count);
        }
    }

    /**
     * {@code trials} trials split into {@code min(trials, parallelism)} contiguous chunks of
     * near-equal size (the larger ones first), in trial order.
     */
    public static <C extends Serializable> List<TrialChunk<C>> split(C config, int trials, int parallelism) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials: must be >= 1, got " + trials);
        }
        int parts = Math.max(1, Math.min(trials, parallelism));
        List<TrialChunk<C>> out = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < parts; i++) {
            int count = trials / parts + (i < trials % parts ? 1 : 0);
            out.add(new TrialChunk<>(config, first, count));
            first += count;
        }
        return out;
    }
}
