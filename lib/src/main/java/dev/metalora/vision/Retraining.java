package dev.metalora.vision;

import dev.metalora.peft.RetrainMethod;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.metalora.data.BinaryTask;
import dev.metalora.data.ImageSet;
import dev.metalora.data.Normalization;
import dev.metalora.data.Preprocessing;
import dev.metalora.peft.OptimizerSpec;
import dev.metalora.peft.TrainingLoop;
import dev.metalora.progress.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Retrains a Mixer on the T retraining tasks with one of the {@link RetrainMethod}s and keeps the
 * epoch whose accuracy on the tasks' test split is highest (the paper's model selection).
 *
 * <ul>
 *   <li>SR: minimise {@code sum_t L_t(W)} with mini-batches from the pooled tasks, one Adam step
 *       per batch.</li>
 *   <li>LoRA-ML: minimise {@code sum_t L_t(W + B_t A_t)} over the shared W and every task's
 *       adapters; each step sums the losses of one batch from each task (a round).</li>
 *   <li>Last-layer-ML: minimise {@code sum_t L_t(body, head_t)}; rounds as LoRA-ML.</li>
 *   <li>Reptile: see {@link Reptile}.</li>
 * </ul>
 * SR and the ML methods run on {@link TrainingLoop}.
 */
public final class Retraining {
    private final MixerConfig config;
    private final TrainingSettings settings;
    private final Preprocessing train;
    private final Normalization eval;
    private final Progress progress;

    /**
     * @param train    preprocessing of training batches (normalisation and augmentation)
     * @param progress advanced by one per mini-batch processed
     */
    public Retraining(MixerConfig config, TrainingSettings settings, Preprocessing train, Progress progress) {
        this.config = config;
        this.settings = settings;
        this.train = train;
        this.eval = train.normalization();
        this.progress = progress == null ? Progress.none() : progress;
    }

    /**
     * Mini-batches (progress units) that {@link #run} processes for this method and data: a round
     * of LoRA-ML or last-layer-ML counts one per task, so that a unit costs about the same for
     * every method.
     */
    public long steps(RetrainMethod method, List<BinaryTask> tasks) {
        return switch (method) {
            case STANDARD -> (long) settings.epochs() * batchesPerEpoch(pooledSize(tasks));
            case LORA_ML, LAST_LAYER_ML -> (long) settings.epochs() * rounds(tasks) * tasks.size();
            case REPTILE -> (long) settings.reptileEpochs() * tasks.size() * settings.reptileInnerSteps();
        };
    }

    /** The model each method trains: adapters for LoRA-ML, one head per task for last-layer-ML. */
    public TaskModel newModel(RetrainMethod method, int tasks, long seed, NDManager manager) {
        return switch (method) {
            case STANDARD, REPTILE -> TaskModel.create(config, 0, 1, 1, seed, manager);
            case LORA_ML -> TaskModel.create(config, tasks, settings.rank(), 1, seed, manager);
            case LAST_LAYER_ML -> TaskModel.create(config, 0, 1, tasks, seed, manager);
        };
    }

    /** Retrains a fresh model (weights from {@code seed}) whose arrays live in {@code manager}. */
    public Retrained run(RetrainMethod method, List<BinaryTask> tasks, long seed, NDManager manager) {
        TaskModel model = newModel(method, tasks.size(), seed, manager);
        if (method == RetrainMethod.REPTILE) {
            return new Reptile(settings, train, progress).run(model, tasks, seed);
        }
        List<ImageSet> validation = tasks.stream().map(BinaryTask::test).toList();
        int perEpoch = method == RetrainMethod.STANDARD ? batchesPerEpoch(pooledSize(tasks)) : rounds(tasks);
        TrainingLoop.Objective objective = method == RetrainMethod.STANDARD
                ? pooledObjective(model, tasks, seed, perEpoch)
                : roundObjective(model, tasks, seed, perEpoch);
        Selection selection = new Selection(model, settings.epochs(), perEpoch,
                () -> Evaluation.accuracy(model, validation, eval, settings.evalBatch()));
        // The paper's cosine schedule over the whole run (one optimiser update per step).
        OptimizerSpec adam = OptimizerSpec.adam(settings.lr()).withWeightDecay(settings.weightDecay())
                .withCosine(settings.epochs() * perEpoch);
        int batchesPerStep = method == RetrainMethod.STANDARD ? 1 : tasks.size();
        new TrainingLoop(adam, settings.epochs() * perEpoch, method.id(), scaled(progress, batchesPerStep))
                .run(model.model(), new NDList(), objective, selection);
        model.restore(selection.best);
        return new Retrained(method, model, selection.accuracy, selection.bestEpoch, selection.epochLoss);
    }

    /** SR: batch {@code s mod S} of epoch {@code s / S} of the pooled tasks, one step each. */
    private TrainingLoop.Objective pooledObjective(TaskModel model, List<BinaryTask> tasks, long seed, int perEpoch) {
        ImageSet pooled = ImageSet.concat(tasks.stream().map(BinaryTask::train).toList());
        Batches batches = new Batches(pooled, train, settings.batch(), seed);
        return (ps, step) -> {
            Batches.Batch b = batches.batch(step / perEpoch, step % perEpoch);
            NDManager m = model.currentManager();
            NDArray logits = model.select(0).logits(ps, Evaluation.images(m, b, pooled), true);
            return Evaluation.crossEntropy(logits, m.create(b.y()));
        };
    }

    /** LoRA-ML, last-layer-ML: {@code sum_t L_t} on one batch of every task, task t selected. */
    private TrainingLoop.Objective roundObjective(TaskModel model, List<BinaryTask> tasks, long seed, int perEpoch) {
        List<Batches> perTask = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            perTask.add(new Batches(tasks.get(t).train(), train, settings.batch(), seed * 31 + t));
        }
        return (ps, step) -> {
            NDManager m = model.currentManager();
            NDArray sum = null;
            for (int t = 0; t < perTask.size(); t++) {
                Batches.Batch b = perTask.get(t).batch(step / perEpoch, step % perEpoch);
                NDArray logits = model.select(t).logits(ps, Evaluation.images(m, b, perTask.get(t).images()), true);
                NDArray loss = Evaluation.crossEntropy(logits, m.create(b.y()));
                sum = sum == null ? loss : sum.add(loss);
            }
            return sum;
        };
    }

    /** Advances {@code p} by {@code factor} per step reported (start and close are the caller's). */
    private static Progress scaled(Progress p, int factor) {
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

    /** Rounds per epoch: enough that the largest task is passed once (smaller ones wrap around). */
    private int rounds(List<BinaryTask> tasks) {
        return tasks.stream().mapToInt(t -> batchesPerEpoch(t.train().size())).max().orElseThrow();
    }

    private int batchesPerEpoch(int n) {
        return (n + settings.batch() - 1) / settings.batch();
    }

    private static int pooledSize(List<BinaryTask> tasks) {
        return tasks.stream().mapToInt(t -> t.train().size()).sum();
    }

    /**
     * Listens to a training loop: after the last step of each epoch, measures the validation
     * accuracy and keeps a snapshot of the best epoch so far (the first one on ties).
     */
    static final class Selection implements TrainingLoop.StepListener {
        private final TaskModel model;
        private final int perEpoch;
        private final java.util.function.DoubleSupplier validate;
        final double[] accuracy;
        final double[] epochLoss;
        int bestEpoch = -1;
        Map<String, float[]> best;
        private double lossSum;

        Selection(TaskModel model, int epochs, int perEpoch, java.util.function.DoubleSupplier validate) {
            this.model = model;
            this.perEpoch = perEpoch;
            this.validate = validate;
            this.accuracy = new double[epochs];
            this.epochLoss = new double[epochs];
            Arrays.fill(accuracy, Double.NaN);
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
            accuracy[epoch] = validate.getAsDouble();
            if (bestEpoch < 0 || accuracy[epoch] > accuracy[bestEpoch]) {
                bestEpoch = epoch;
                best = model.snapshot();
            }
        }
    }
}
