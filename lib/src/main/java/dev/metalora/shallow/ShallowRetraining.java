package dev.metalora.shallow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.metalora.peft.MultiTaskModel;
import dev.metalora.peft.OptimizerSpec;
import dev.metalora.peft.TrainingLoop;
import dev.metalora.progress.Progress;

import java.util.List;

/**
 * Retraining of the shallow network on T tasks, full batch (PAPER.md, "Shallow network setting").
 * <ul>
 *   <li>{@link Method#LORA_ML}: minimise {@code sum_t L_t(A + B_t A_t, c)} over the base, the
 *       output weights and one rank-k adapter per task;</li>
 *   <li>{@link Method#STANDARD} (SR): minimise {@code sum_t L_t(A, c)}, no adapters.</li>
 * </ul>
 * {@code L_t} is task t's mean squared error; the task gradients are summed and the optimiser
 * (AdamW, lr 1e-3 by default) steps once per epoch. Records per epoch the training loss and
 * {@code ||A_hat - A*||_F}.
 *
 * @param method    LoRA-ML or SR
 * @param rank      rank k of LoRA-ML's per-task adapters (ignored by SR)
 * @param epochs    full-batch epochs (default 40000)
 * @param optimizer the optimiser over every parameter
 */
public record ShallowRetraining(Method method, int rank, int epochs, OptimizerSpec optimizer) {

    public static final int DEFAULT_EPOCHS = 40_000;
    public static final double DEFAULT_LR = 1e-3;

    public enum Method {
        LORA_ML("lora-ml", "LoRA-ML"), STANDARD("standard", "SR");

        private final String key;
        private final String label;

        Method(String key, String label) {
            this.key = key;
            this.label = label;
        }

        /** The JSON name: {@code lora-ml} or {@code standard}. */
        public String key() {
            return key;
        }

        public String label() {
            return label;
        }
    }

    /** A retrained model and its per-epoch history. */
    public record Retrained(MultiTaskModel model, float[] trainLoss, float[] baseDistance) {
    }

    public ShallowRetraining {
        if (method == null) {
            throw new IllegalArgumentException("method: must be LORA_ML or STANDARD, got null");
        }
        if (rank < 1) {
            throw new IllegalArgumentException("rank: must be >= 1, got " + rank);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs: must be >= 0, got " + epochs);
        }
    }

    public static ShallowRetraining loraMl(int rank) {
        return new ShallowRetraining(Method.LORA_ML, rank, DEFAULT_EPOCHS, OptimizerSpec.adamW(DEFAULT_LR));
    }

    public static ShallowRetraining standard() {
        return new ShallowRetraining(Method.STANDARD, 1, DEFAULT_EPOCHS, OptimizerSpec.adamW(DEFAULT_LR));
    }

    public ShallowRetraining withEpochs(int epochs) {
        return new ShallowRetraining(method, rank, epochs, optimizer);
    }

    public ShallowRetraining withOptimizer(OptimizerSpec optimizer) {
        return new ShallowRetraining(method, rank, epochs, optimizer);
    }

    /**
     * Retrains a fresh network (initial weights from {@code initSeed}) on one sample per task.
     *
     * @param manager owns the model and data (close it when done with the model)
     */
    public Retrained run(ShallowTaskFamily family, List<ShallowSample> data, long initSeed, NDManager manager,
                         Progress progress) {
        int tasks = data.size();
        if (tasks != family.tasks()) {
            throw new IllegalArgumentException("data: one sample per task needed, " + family.tasks() + " tasks, got "
                    + tasks);
        }
        int d = family.dim();
        int n = data.get(0).n();
        float[] xs = new float[tasks * n * d];
        float[] ys = new float[tasks * n];
        for (int t = 0; t < tasks; t++) {
            ShallowSample s = data.get(t);
            if (s.n() != n || s.dim() != d) {
                throw new IllegalArgumentException("data: every task needs " + n + " samples of dimension " + d
                        + ", task " + t + " has " + s.n() + " of " + s.dim());
            }
            System.arraycopy(s.x(), 0, xs, t * n * d, n * d);
            System.arraycopy(s.y(), 0, ys, t * n, n);
        }
        NDArray x = manager.create(xs, new Shape(tasks, n, d));
        NDArray y = manager.create(ys, new Shape(tasks, n, 1));
        NDArray aStar = manager.create(flat(family.aStar()), new Shape(d, d));

        MultiTaskModel model = ShallowNet.create(d, method == Method.LORA_ML ? tasks : 0, rank, initSeed, manager);
        if (method == Method.LORA_ML) {
            model.selectAllTasks();
        }
        NDArray w = ShallowNet.hidden(model).weight().getArray();
        float[] distance = new float[epochs];
        // sum_t (1/N) ||f_t(X_t) - Y_t||^2: the tasks' mean squared errors, summed.
        TrainingLoop.Objective objective = (ps, epoch) -> model.forward(ps, x, true).sub(y).square().sum().div(n);
        float[] loss = new TrainingLoop(optimizer, epochs, method.label(), progress)
                .run(model, new NDList(x, y, aStar), objective,
                        (epoch, l) -> distance[epoch] = w.sub(aStar).norm().getFloat());
        return new Retrained(model, loss, distance);
    }

    static float[] flat(double[][] m) {
        float[] f = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                f[i * m[i].length + j] = (float) m[i][j];
            }
        }
        return f;
    }
}
