package dev.metalora.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The default pooling of tasks: every batch of every task once per epoch, in a seeded random order. */
final class InterleavedTasks implements Task {
    private final List<Task> tasks;
    private final int[] taskOf;
    private final int[] indexOf;

    InterleavedTasks(List<? extends Task> tasks) {
        this.tasks = List.copyOf(tasks);
        List<int[]> all = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            for (int i = 0; i < tasks.get(t).batchesPerEpoch(); i++) {
                all.add(new int[] {t, i});
            }
        }
        taskOf = all.stream().mapToInt(a -> a[0]).toArray();
        indexOf = all.stream().mapToInt(a -> a[1]).toArray();
    }

    @Override
    public Shape inputShape() {
        return tasks.get(0).inputShape();
    }

    @Override
    public int batchesPerEpoch() {
        return taskOf.length;
    }

    @Override
    public Batch batch(NDManager manager, long seed, int epoch, int index) {
        int[] order = permutation(taskOf.length, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch));
        int k = order[Math.floorMod(index, taskOf.length)];
        int t = taskOf[k];
        return tasks.get(t).batch(manager, seed * 31 + t, epoch, indexOf[k]);
    }

    private static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int x = p[i];
            p[i] = p[j];
            p[j] = x;
        }
        return p;
    }

    @Override
    public NDArray loss(NDArray output, NDArray target) {
        return tasks.get(0).loss(output, target);
    }

    @Override
    public double score(Forward model) {
        double sum = 0;
        long weight = 0;
        for (Task t : tasks) {
            sum += t.score(model) * t.scoreWeight();
            weight += t.scoreWeight();
        }
        return sum / weight;
    }
}
