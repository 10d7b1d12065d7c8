package dev.metalora.linear;

import dev.metalora.progress.Progress;
import dev.metalora.runner.Job;

/** One linear comparison as a {@link Job}: what a sweep hands its runner for each value. */
public final class LinearJob implements Job<LinearConfig, LinearComparison> {
    private static final long serialVersionUID = 1L;

    @Override
    public LinearComparison run(LinearConfig config, Progress progress) {
        return LinearExperiment.run(config, progress);
    }
}
