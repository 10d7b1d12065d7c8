package dev.metalora.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The paper's binary-task vision protocol: retrain on class pairs (0,1), (2,3), (4,5), (6,7), the
 * unseen task is (8,9), label = class mod 2. Retraining uses the training split of the retraining
 * classes and picks its best epoch on their test split; fine-tuning uses the unseen pair's training
 * split and is scored on its test split.
 */
public record TaskProtocol(List<ClassPair> retraining, ClassPair unseen) {

    public TaskProtocol {
        retraining = List.copyOf(retraining);
        if (retraining.isEmpty()) {
            throw new IllegalArgumentException("retraining: need at least one class pair, got none");
        }
        Set<Integer> seen = new HashSet<>();
        List<ClassPair> all = new ArrayList<>(retraining);
        all.add(unseen);
        for (ClassPair p : all) {
            if (!seen.add(p.first()) || !seen.add(p.second())) {
                throw new IllegalArgumentException("pairs: every class may appear in one pair only, got "
                        + retraining + " and unseen " + unseen);
            }
        }
    }

    /** (0,1), (2,3), (4,5), (6,7); unseen (8,9). */
    public static TaskProtocol reference() {
        return new TaskProtocol(List.of(ClassPair.of(0, 1), ClassPair.of(2, 3), ClassPair.of(4, 5),
                ClassPair.of(6, 7)), ClassPair.of(8, 9));
    }

    /** The tasks cut from a data set's full training and test splits. */
    public Split split(ImageSet train, ImageSet test) {
        List<BinaryTask> tasks = new ArrayList<>();
        for (ClassPair p : retraining) {
            tasks.add(BinaryTask.of(p, train, test));
        }
        return new Split(tasks, BinaryTask.of(unseen, train, test));
    }

    /**
     * The protocol's data: one task per retraining pair (train split: retraining; test split: model
     * selection) and the unseen task (train split: fine-tuning; test split: the reported accuracy).
     */
    public record Split(List<BinaryTask> retraining, BinaryTask unseen) {

        public Split {
            retraining = List.copyOf(retraining);
        }

        /**
         * At most {@code trainPerTask} training images and {@code testPerTask} test images per
         * retraining task, {@code fineTuneTrain} and {@code fineTuneTest} for the unseen task; a
         * seeded draw without replacement ({@code Integer.MAX_VALUE} keeps everything).
         */
        public Split sample(int trainPerTask, int testPerTask, int fineTuneTrain, int fineTuneTest, long seed) {
            List<BinaryTask> r = new ArrayList<>();
            for (int t = 0; t < retraining.size(); t++) {
                r.add(retraining.get(t).sample(trainPerTask, testPerTask, seed + 1000L * t));
            }
            return new Split(r, unseen.sample(fineTuneTrain, fineTuneTest, seed - 1));
        }
    }
}
