package dev.metalora.custom;

import java.util.List;

/**
 * The tasks of one trial: the retraining tasks {@code 1..T} (at least two: meta-learning learns
 * what tasks share) and the unseen tasks a retrained model is fine-tuned on (at least one). Every
 * task has the same numbers of inputs and outputs.
 */
public record Tasks(List<TaskData> retraining, List<TaskData> unseen) {

    public Tasks {
        if (retraining == null || retraining.size() < 2) {
            throw new IllegalArgumentException("retraining: the task family gave "
                    + (retraining == null ? "none" : retraining.size() + " retraining task(s)")
                    + "; meta-learning needs at least 2");
        }
        if (unseen == null || unseen.isEmpty()) {
            throw new IllegalArgumentException("unseen: the task family gave no unseen task; need at least 1 to fine-tune on");
        }
        retraining = List.copyOf(retraining);
        unseen = List.copyOf(unseen);
        TaskData first = retraining.get(0);
        check("retraining", retraining, first);
        check("unseen", unseen, first);
    }

    /** Number of retraining tasks T. */
    public int count() {
        return retraining.size();
    }

    /** Inputs per sample (the same for every task). */
    public long inputs() {
        return retraining.get(0).inputs();
    }

    /** Outputs per sample (the same for every task). */
    public long outputs() {
        return retraining.get(0).outputs();
    }

    private static void check(String name, List<TaskData> list, TaskData first) {
        for (int t = 0; t < list.size(); t++) {
            TaskData d = list.get(t);
            if (d == null) {
                throw new IllegalArgumentException(name + ": task " + t + " is null");
            }
            if (d.inputs() != first.inputs() || d.outputs() != first.outputs()) {
                throw new IllegalArgumentException(name + ": task " + t + " has x " + d.x().getShape() + ", y "
                        + d.y().getShape() + " but retraining task 0 has x " + first.x().getShape() + ", y "
                        + first.y().getShape() + "; every task needs " + first.inputs() + " inputs and "
                        + first.outputs() + " outputs per sample");
            }
        }
    }
}
