package dev.metalora.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import dev.metalora.nn.NnRuntime;
import dev.metalora.progress.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Retraining of a model on T tasks with one of the {@link RetrainMethod}s, keeping the epoch whose
 * held-out score (the tasks' {@link Task#score}, weighted by {@link Task#scoreWeight}) is highest:
 * <ul>
 *   <li>{@link #standard()} (SR): one model, minimise {@code sum_t L_t(W)}; mini-batches of the pooled
 *       tasks ({@link Task#pool}), one optimiser step per batch.</li>
 *   <li>{@link #loraMl} (LoRA-ML): the shared W jointly with one LoRA adapter per task in the targeted
 *       layers, minimise {@code sum_t L_t(W + (alpha/r) B_t A_t)}; each step is a round of one batch
 *       from every task (task t's batch through task t's adapter), the T losses summed, one optimiser
 *       step. An epoch has as many rounds as the largest task has batches (smaller tasks wrap).</li>
 *   <li>{@link #lastLayerMl} (last-layer-ML): a shared body with one head per task, {@code sum_t
 *       L_t(body, head_t)}; rounds as LoRA-ML.</li>
 *   <li>{@link #reptile} (Nichol et al. 2018): each outer epoch, for each task t, a copy {@code theta_t}
 *       of the weights takes K inner SGD steps on task t's batches, then the outer optimiser steps
 *       {@code theta} with the outer gradient {@code (theta - theta_t) / T}.</li>
 * </ul>
 * Every step runs on the one {@link TrainingLoop} (Reptile's inner steps too). Seeds: the initial
 * weights come from the run's seed, task t's batches from {@code 31 seed + t} (SR's pooled batches
 * from the seed), and PyTorch's generator (dropout) is reset from the seed at the start.
 *
 * <p>Defaults: 10 epochs of AdamW (lr 1e-3, weight decay 0.01) with a cosine schedule over the run;
 * Reptile 20 inner SGD steps of lr 1e-2 per task, outer Adam lr 1e-5 (the paper's vision constants).
 */
public final class Retraining {
    private final RetrainMethod method;
    private final LoraConfig lora;
    private final LastLayerConfig lastLayer;
    private final int epochs;
    private final OptimizerSpec optimizer;
    private final int innerSteps;
    private final OptimizerSpec inner;
    private final Progress progress;

    private Retraining(RetrainMethod method, LoraConfig lora, LastLayerConfig lastLayer, int epochs,
                       OptimizerSpec optimizer, int innerSteps, OptimizerSpec inner, Progress progress) {
        if (method == null) {
            throw new IllegalArgumentException("method: must be one of " + Arrays.toString(RetrainMethod.values())
                    + ", got null");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs: must be at least 1, got " + epochs);
        }
        if (optimizer == null || inner == null) {
            throw new IllegalArgumentException("optimizer: must be set, got null");
        }
        if (innerSteps < 1) {
            throw new IllegalArgumentException("innerSteps: Reptile needs at least 1 inner step, got " + innerSteps);
        }
        this.method = method;
        this.lora = lora;
        this.lastLayer = lastLayer;
        this.epochs = epochs;
        this.optimizer = optimizer;
        this.innerSteps = innerSteps;
        this.inner = inner;
        this.progress = progress == null ? Progress.none() : progress;
    }

    private static Retraining of(RetrainMethod m, LoraConfig lora, LastLayerConfig lastLayer, OptimizerSpec opt) {
        return new Retraining(m, lora, lastLayer, 10, opt, 20, OptimizerSpec.sgd(1e-2), Progress.none());
    }

    private static OptimizerSpec defaultOptimizer() {
        return OptimizerSpec.adamW(1e-3).withCosine();
    }

    /** Standard retraining (SR). */
    public static Retraining standard() {
        return of(RetrainMethod.STANDARD, null, null, defaultOptimizer());
    }

    /** LoRA-ML with one adapter per task as {@code config} says (rank, alpha, dropout, targets, bias). */
    public static Retraining loraMl(LoraConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config: LoRA-ML needs a LoraConfig, got null");
        }
        return of(RetrainMethod.LORA_ML, config, null, defaultOptimizer());
    }

    /**
     * LoRA-ML with one head per task as well (every task trains its adapters and its head, as the
     * paper's language protocol does).
     */
    public static Retraining loraMl(LoraConfig config, LastLayerConfig heads) {
        if (config == null || heads == null) {
            throw new IllegalArgumentException("config, heads: LoRA-ML with per-task heads needs both, got "
                    + config + ", " + heads);
        }
        return of(RetrainMethod.LORA_ML, config, heads, defaultOptimizer());
    }

    /** Last-layer-ML: one head per task (the layers made with {@link Linears#head}). */
    public static Retraining lastLayerMl() {
        return lastLayerMl(LastLayerConfig.heads());
    }

    public static Retraining lastLayerMl(LastLayerConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config: last-layer-ML needs a LastLayerConfig, got null");
        }
        return of(RetrainMethod.LAST_LAYER_ML, null, config, defaultOptimizer());
    }

    /** Reptile: 20 inner SGD steps of lr 1e-2 per task; outer Adam lr 1e-5. */
    public static Retraining reptile() {
        return of(RetrainMethod.REPTILE, null, null, OptimizerSpec.adam(1e-5));
    }

    /**
     * The method named by {@code method}, LoRA-ML with {@code lora} (ignored by the others) and
     * last-layer-ML with {@link LastLayerConfig#heads()}.
     */
    public static Retraining of(RetrainMethod method, LoraConfig lora) {
        return switch (method) {
            case STANDARD -> standard();
            case LORA_ML -> loraMl(lora);
            case LAST_LAYER_ML -> lastLayerMl();
            case REPTILE -> reptile();
        };
    }

    /** Epochs (Reptile: outer epochs). */
    public Retraining epochs(int epochs) {
        return new Retraining(method, lora, lastLayer, epochs, optimizer, innerSteps, inner, progress);
    }

    /** The optimiser of every step (Reptile: of the outer step); a schedule without steps spans the run. */
    public Retraining optimizer(OptimizerSpec spec) {
        return new Retraining(method, lora, lastLayer, epochs, spec, innerSteps, inner, progress);
    }

    /** Reptile's inner loop: {@code steps} steps of {@code optimizer} (SGD in the paper) per task. */
    public Retraining inner(int steps, OptimizerSpec optimizer) {
        return new Retraining(method, lora, lastLayer, epochs, this.optimizer, steps, optimizer, progress);
    }

    /** Advanced by one per mini-batch processed (a round of T tasks counts T); neither started nor closed here. */
    public Retraining progress(Progress p) {
        return new Retraining(method, lora, lastLayer, epochs, optimizer, innerSteps, inner, p);
    }

    public RetrainMethod method() {
        return method;
    }

    public LoraConfig lora() {
        return lora;
    }

    public int epochs() {
        return epochs;
    }

    public OptimizerSpec optimizer() {
        return optimizer;
    }

    /** The layer factory of this method's model for {@code tasks} tasks. */
    public Linears linears(int tasks) {
        return switch (method) {
            case STANDARD, REPTILE -> Linears.plain();
            case LORA_ML -> Linears.of(lora, lastLayer, tasks);
            case LAST_LAYER_ML -> Linears.lastLayer(lastLayer, tasks);
        };
    }

    /** The (initialised) model this method trains, its weights from {@code seed}, its arrays in {@code manager}. */
    public MultiTaskModel newModel(ModelFactory factory, int tasks, Shape input, long seed, NDManager manager) {
        return build(factory, linears(tasks), input, seed, manager);
    }

    static MultiTaskModel build(ModelFactory factory, Linears linears, Shape input, long seed, NDManager manager) {
        Block block = factory.build(linears, seed);
        linears.checkTargets();
        block.initialize(manager, DataType.FLOAT32, input);
        return MultiTaskModel.of(block);
    }

    /** Mini-batches (progress units) that {@link #run} processes on these tasks. */
    public long steps(List<? extends Task> tasks) {
        checkTasks(tasks);
        return switch (method) {
            case STANDARD -> (long) epochs * Task.pool(tasks).batchesPerEpoch();
            case LORA_ML, LAST_LAYER_ML -> (long) epochs * rounds(tasks) * tasks.size();
            case REPTILE -> (long) epochs * tasks.size() * innerSteps;
        };
    }

    /** Retrains a fresh model (weights from {@code seed}) whose arrays live in {@code manager}. */
    public Retrained run(ModelFactory factory, List<? extends Task> tasks, long seed, NDManager manager) {
        checkTasks(tasks);
        NnRuntime.engine().setRandomSeed((int) (seed * 1009 + method.ordinal()));
        Shape input = tasks.get(0).inputShape();
        MultiTaskModel model = newModel(factory, tasks.size(), input, seed, manager);
        if (method == RetrainMethod.REPTILE) {
            return reptile(factory, model, tasks, seed, manager);
        }
        int perEpoch;
        TrainingLoop.Objective objective;
        if (method == RetrainMethod.STANDARD) {
            Task pooled = Task.pool(tasks);
            perEpoch = pooled.batchesPerEpoch();
            objective = (ps, step) -> {
                Task.Batch b = pooled.batch(model.currentManager(), seed, step / perEpoch, step % perEpoch);
                return pooled.loss(model.selectTask(0).forward(ps, b.input(), true), b.target());
            };
        } else {
            perEpoch = rounds(tasks);
            objective = (ps, step) -> {
                NDArray sum = null;
                for (int t = 0; t < tasks.size(); t++) {
                    Task task = tasks.get(t);
                    Task.Batch b = task.batch(model.currentManager(), seed * 31 + t, step / perEpoch, step % perEpoch);
                    NDArray loss = task.loss(model.selectTask(t).forward(ps, b.input(), true), b.target());
                    sum = sum == null ? loss : sum.add(loss);
                }
                return sum;
            };
        }
        Selection selection = new Selection(model, epochs, perEpoch, () -> validate(model, tasks));
        int batchesPerStep = method == RetrainMethod.STANDARD ? 1 : tasks.size();
        new TrainingLoop(optimizer, epochs * perEpoch, method.id(), scaled(progress, batchesPerStep))
                .run(model, new NDList(), objective, selection);
        model.restore(selection.best);
        return new Retrained(method, model, selection.score, selection.bestEpoch, selection.epochLoss);
    }

    private Retrained reptile(ModelFactory factory, MultiTaskModel model, List<? extends Task> tasks, long seed,
                              NDManager manager) {
        int T = tasks.size();
        MultiTaskModel copy = newModel(factory, T, tasks.get(0).inputShape(), seed, manager);
        List<Parameter> theta = new ArrayList<>(model.parameters().values());
        List<Parameter> thetaT = new ArrayList<>(copy.parameters().values());
        NDArray[] pinned = new NDArray[theta.size() + thetaT.size()];
        for (int i = 0; i < theta.size(); i++) {
            pinned[i] = theta.get(i).getArray();
            pinned[theta.size() + i] = thetaT.get(i).getArray();
        }
        Optimizer outer = optimizer.forRun(epochs * T).build();
        TrainingLoop innerLoop = new TrainingLoop(inner, innerSteps, "reptile", progress);
        int[] cursor = new int[T];
        double[] score = new double[epochs];
        double[] loss = new double[epochs];
        int bestEpoch = -1;
        Map<String, float[]> best = null;
        for (int e = 0; e < epochs; e++) {
            double lossSum = 0;
            for (int t = 0; t < T; t++) {
                copy.restore(model.snapshot());
                Task task = tasks.get(t);
                int perEpoch = task.batchesPerEpoch();
                int start = cursor[t];
                long taskSeed = seed * 31 + t;
                float[] innerLoss = innerLoop.run(copy, new NDList(), (ps, k) -> {
                    int index = start + k;
                    Task.Batch b = task.batch(copy.currentManager(), taskSeed, index / perEpoch, index);
                    return task.loss(copy.forward(ps, b.input(), true), b.target());
                }, TrainingLoop.StepListener.none());
                cursor[t] += innerSteps;
                for (float l : innerLoss) {
                    lossSum += l;
                }
                // theta <- outer step with the gradient (theta - theta_t) / T
                try (NDManager scope = manager.newSubManager()) {
                    scope.tempAttachAll(pinned);
                    for (int i = 0; i < theta.size(); i++) {
                        NDArray w = theta.get(i).getArray();
                        outer.update(theta.get(i).getId(), w, w.sub(thetaT.get(i).getArray()).div(T));
                    }
                }
            }
            loss[e] = lossSum / (T * innerSteps);
            score[e] = validate(model, tasks);
            if (bestEpoch < 0 || score[e] > score[bestEpoch]) {
                bestEpoch = e;
                best = model.snapshot();
            }
        }
        model.restore(best);
        return new Retrained(RetrainMethod.REPTILE, model, score, bestEpoch, loss);
    }

    /** The held-out score of the retraining tasks, task t through its adapter and head, weighted by each task's weight. */
    static double validate(MultiTaskModel model, List<? extends Task> tasks) {
        double sum = 0;
        long weight = 0;
        for (int t = 0; t < tasks.size(); t++) {
            sum += model.score(t, tasks.get(t)) * tasks.get(t).scoreWeight();
            weight += tasks.get(t).scoreWeight();
        }
        return sum / weight;
    }

    private static void checkTasks(List<? extends Task> tasks) {
        if (tasks == null || tasks.size() < 2) {
            throw new IllegalArgumentException("tasks: retraining needs at least 2 tasks, got "
                    + (tasks == null ? "null" : tasks.size()));
        }
        Shape shape = tasks.get(0).inputShape();
        for (int t = 1; t < tasks.size(); t++) {
            if (!tasks.get(t).inputShape().equals(shape)) {
                throw new IllegalArgumentException("tasks: every task needs inputs of one shape; task 0 has "
                        + shape + ", task " + t + " has " + tasks.get(t).inputShape());
            }
        }
    }

    /** Rounds per epoch: enough that the largest task is passed once (smaller ones wrap around). */
    private static int rounds(List<? extends Task> tasks) {
        return tasks.stream().mapToInt(Task::batchesPerEpoch).max().orElseThrow();
    }

    /** Advances {@code p} by {@code factor} per step reported (start and close are the caller's). */
    static Progress scaled(Progress p, int factor) {
        return factor == 1 ? p : new Progress() {
            @Override
            public void start(String label, long total) {
            }

            @Override
            public void step(long n) {
                p.step(n * factor);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String toString() {
        return method.id() + (lora != null ? " " + lora : "") + ", " + epochs + " epochs of " + optimizer
                + (method == RetrainMethod.REPTILE ? ", " + innerSteps + " inner steps of " + inner : "");
    }

    /**
     * Listens to a training loop: after the last step of each epoch, measures the held-out score and
     * keeps a snapshot of the best epoch so far (the first one on ties).
     */
    static final class Selection implements TrainingLoop.StepListener {
        private final MultiTaskModel model;
        private final int perEpoch;
        private final java.util.function.DoubleSupplier validate;
        final double[] score;
        final double[] epochLoss;
        int bestEpoch = -1;
        Map<String, float[]> best;
        private double lossSum;

        Selection(MultiTaskModel model, int epochs, int perEpoch, java.util.function.DoubleSupplier validate) {
            this.model = model;
            this.perEpoch = perEpoch;
            this.validate = validate;
            this.score = new double[epochs];
            this.epochLoss = new double[epochs];
            Arrays.fill(score, Double.NaN);
        }

        @Override
        public void afterStep(int step, float loss) {
            lossSum += loss;
            if ((step + 1) % perEpoch != 0) {
                return;
            }
            int epoch = step / perEpoch;
            epochLoss[epoch] = lossSum / perEpoch;
            lossSum = 0;
            score[epoch] = validate.getAsDouble();
            if (bestEpoch < 0 || score[epoch] > score[bestEpoch]) {
                bestEpoch = epoch;
                best = model.snapshot();
            }
        }
    }
}
