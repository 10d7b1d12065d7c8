package dev.metalora.custom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.metalora.peft.Task;

import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;

/**
 * A {@link TaskData} as the PEFT methods see it: mini-batches of {@code batch} training pairs in a
 * seeded order per epoch, the mean squared error as loss, and minus the mean squared error on the
 * held-out pairs as score. The data are held as Java arrays and each batch is made in the step's
 * manager, so a training step frees everything it made. Each score is also reported to
 * {@code observer} (as an error, the live figure's point).
 */
final class RegressionTask implements Task {
    private final float[] x, y, testX, testY;
    private final long inputs, outputs;
    private final int n, batch;
    private DoubleConsumer observer = e -> {
    };
    private long permutationKey = Long.MIN_VALUE;
    private int[] permutation;

    RegressionTask(TaskData d, int batch) {
        this.x = d.x().toFloatArray();
        this.y = d.y().toFloatArray();
        this.testX = d.testX().toFloatArray();
        this.testY = d.testY().toFloatArray();
        this.inputs = d.inputs();
        this.outputs = d.outputs();
        this.n = Math.toIntExact(d.samples());
        this.batch = Math.min(batch, n);
    }

    RegressionTask observe(DoubleConsumer errorObserver) {
        this.observer = errorObserver;
        return this;
    }

    @Override
    public Shape inputShape() {
        return new Shape(1, inputs);
    }

    @Override
    public int batchesPerEpoch() {
        return (n + batch - 1) / batch;
    }

    @Override
    public Batch batch(NDManager manager, long seed, int epoch, int index) {
        int[] order = order(seed, epoch);
        int b = Math.floorMod(index, batchesPerEpoch());
        int from = b * batch, to = Math.min(n, from + batch);
        float[] bx = new float[(int) ((to - from) * inputs)];
        float[] by = new float[(int) ((to - from) * outputs)];
        for (int i = from; i < to; i++) {
            System.arraycopy(x, (int) (order[i] * inputs), bx, (int) ((i - from) * inputs), (int) inputs);
            System.arraycopy(y, (int) (order[i] * outputs), by, (int) ((i - from) * outputs), (int) outputs);
        }
        return new Batch(manager.create(bx, new Shape(to - from, inputs)), manager.create(by, new Shape(to - from, outputs)));
    }

    /** The training pairs' order in an epoch: a permutation from (seed, epoch); one batch is all of them in order. */
    private synchronized int[] order(long seed, int epoch) {
        long key = seed * 0x9E3779B97F4A7C15L + epoch;
        if (permutation == null || key != permutationKey) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            if (batchesPerEpoch() > 1) {
                SplittableRandom r = new SplittableRandom(key);
                for (int i = n - 1; i > 0; i--) {
                    int j = r.nextInt(i + 1);
                    int t = p[i];
                    p[i] = p[j];
                    p[j] = t;
                }
            }
            permutation = p;
            permutationKey = key;
        }
        return permutation;
    }

    @Override
    public NDArray loss(NDArray output, NDArray target) {
        return output.sub(target).square().mean();
    }

    @Override
    public double score(Forward model) {
        int m = testY.length / (int) outputs;
        NDArray out = model.apply(model.manager().create(testX, new Shape(m, inputs)));
        float[] o = out.toFloatArray();
        double sum = 0;
        for (int i = 0; i < o.length; i++) {
            double d = o[i] - testY[i];
            sum += d * d;
        }
        double error = sum / o.length;
        observer.accept(error);
        return -error;
    }

    @Override
    public int scoreWeight() {
        return testY.length / (int) outputs;
    }
}
