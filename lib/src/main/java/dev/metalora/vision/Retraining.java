package dev.metalora.vision;

import ai.djl.ndarray.NDManager;
import dev.metalora.data.BinaryTask;
import dev.metalora.data.Preprocessing;
import dev.metalora.peft.LoraConfig;
import dev.metalora.peft.OptimizerSpec;
import dev.metalora.peft.RetrainMethod;
import dev.metalora.progress.Progress;

import java.util.List;

/**
 * The vision protocol's retraining: the Mixer retrained on the T binary tasks with one of the
 * {@link RetrainMethod}s of the PEFT layer ({@link dev.metalora.peft.Retraining}: SR on the pooled
 * tasks, LoRA-ML with a rank-r adapter in every linear layer, last-layer-ML with a head per task, all
 * on Adam with L2 weight decay and a cosine schedule over the run; Reptile with inner SGD and outer
 * Adam), keeping the epoch whose accuracy on the tasks' test split is highest (the paper's model
 * selection). This class only maps {@link TrainingSettings} onto the PEFT layer.
 */
public final class Retraining {
    private final MixerConfig config;
    private final TrainingSettings settings;
    private final Preprocessing train;
    private final Progress progress;

    /**
     * @param train    preprocessing of training batches (normalisation and augmentation)
     * @param progress advanced by one per mini-batch processed
     */
    public Retraining(MixerConfig config, TrainingSettings settings, Preprocessing train, Progress progress) {
        this.config = config;
        this.settings = settings;
        this.train = train;
        this.progress = progress == null ? Progress.none() : progress;
    }

    /** The PEFT layer's method with this protocol's constants. */
    public dev.metalora.peft.Retraining method(RetrainMethod method) {
        LoraConfig lora = LoraConfig.rank(settings.rank())
                .bias(settings.adaptedBias() ? LoraConfig.Bias.KEEP : LoraConfig.Bias.DROP);
        dev.metalora.peft.Retraining r = dev.metalora.peft.Retraining.of(method, lora).progress(progress);
        if (method == RetrainMethod.REPTILE) {
            return r.epochs(settings.reptileEpochs())
                    .optimizer(OptimizerSpec.adam(settings.reptileLr()).withWeightDecay(settings.weightDecay()))
                    .inner(settings.reptileInnerSteps(), OptimizerSpec.sgd(settings.reptileInnerLr()));
        }
        return r.epochs(settings.epochs())
                .optimizer(OptimizerSpec.adam(settings.lr()).withWeightDecay(settings.weightDecay()).withCosine());
    }

    /** The retraining tasks: training images and the test split that selects the epoch. */
    public List<ImageTask> tasks(List<BinaryTask> tasks) {
        return tasks.stream().map(t -> new ImageTask(t.train(), t.test(), train, settings.batch(), settings.evalBatch()))
                .toList();
    }

    /**
     * Mini-batches (progress units) that {@link #run} processes for this method and data: a round
     * of LoRA-ML or last-layer-ML counts one per task, so that a unit costs about the same for
     * every method.
     */
    public long steps(RetrainMethod method, List<BinaryTask> tasks) {
        return method(method).steps(tasks(tasks));
    }

    /** The model each method trains: adapters for LoRA-ML, one head per task for last-layer-ML. */
    public TaskModel newModel(RetrainMethod method, int tasks, long seed, NDManager manager) {
        return TaskModel.of(method(method).newModel(TaskModel.factory(config), tasks, TaskModel.inputShape(config), seed,
                manager));
    }

    /** Retrains a fresh model (weights from {@code seed}) whose arrays live in {@code manager}. */
    public Retrained run(RetrainMethod method, List<BinaryTask> tasks, long seed, NDManager manager) {
        dev.metalora.peft.Retrained r = method(method).run(TaskModel.factory(config), tasks(tasks), seed, manager);
        return new Retrained(method, TaskModel.of(r.model()), r.validationScore(), r.bestEpoch(), r.trainLoss());
    }
}
