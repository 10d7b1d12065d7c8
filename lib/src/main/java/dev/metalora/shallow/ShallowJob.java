package dev.metalora.shallow;

import dev.metalora.core.TrialChunk;
import dev.metalora.progress.Progress;
import dev.metalora.runner.Job;

/**
 * Some trials of a shallow comparison, trained together as one stacked network: what the shallow
 * experiment hands its runner. {@link #exclusive() Exclusive}: it trains with DJL, which allows one
 * gradient collector per JVM, so a JVM runs one at a time.
 */
public final class ShallowJob implements Job<TrialChunk<ShallowConfig>, ShallowComparison> {
    private static final long serialVersionUID = 1L;

    @Override
    public ShallowComparison run(TrialChunk<ShallowConfig> chunk, Progress progress) {
        progress.start(ShallowExperiment.label(chunk.config()), ShallowExperiment.work(chunk.config()));
        return ShallowExperiment.compute(chunk, progress);
    }

    @Override
    public boolean exclusive() {
        return true;
    }
}
