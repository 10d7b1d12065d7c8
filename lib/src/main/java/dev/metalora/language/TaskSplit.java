package dev.metalora.language;

import java.util.List;

/**
 * The tasks of a language run: those retrained on and the unseen ones fine-tuned and tested on
 * (disjoint personas or categories).
 */
public record TaskSplit(List<TextTask> retraining, List<TextTask> fineTuning) {

    public TaskSplit {
        retraining = List.copyOf(retraining);
        fineTuning = List.copyOf(fineTuning);
    }
}
