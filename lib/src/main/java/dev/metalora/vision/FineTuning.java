package dev.metalora.vision;

import ai.djl.ndarray.NDManager;
import dev.metalora.data.BinaryTask;
import dev.metalora.data.Preprocessing;
import dev.metalora.peft.FineTuneMethod;
import dev.metalora.peft.LoraConfig;
import dev.metalora.peft.OptimizerSpec;
import dev.metalora.progress.Progress;

/**
 * Fine-tunes a retrained Mixer on the unseen task with the PEFT layer's
 * {@link dev.metalora.peft.FineTuning} (Adam with L2 weight decay, cosine schedule over the run) and
 * records its test accuracy after every epoch.
 * <ul>
 *   <li>LoRA: the Mixer rebuilt with one rank-r adapter in every linear layer; its base is the
 *       retrained base (task adapters dropped) and is frozen, so only the adapter {@code B A} trains.
 *       The adapter is fresh, or, with {@link FineTuneStart#TASK_0} and a LoRA-ML base, task 0's
 *       trained adapter. A model with one head per task has no shared head: the fine-tuning head is
 *       then a fresh one, frozen too (the reference code does the same). Without adapted-layer biases
 *       ({@link TrainingSettings#adaptedBias()} false) the rebuilt Mixer has none, so an SR or
 *       Reptile base loses its trained biases, as in the reference code.</li>
 *   <li>Last layer: the retrained body with a fresh head (or, with {@link FineTuneStart#TASK_0} and a
 *       last-layer-ML base, head 0); only the head trains.</li>
 * </ul>
 */
public final class FineTuning {
    private final TrainingSettings settings;
    private final Preprocessing train;
    private final Progress progress;

    public FineTuning(TrainingSettings settings, Preprocessing train, Progress progress) {
        this.settings = settings;
        this.train = train;
        this.progress = progress == null ? Progress.none() : progress;
    }

    /** The unseen task: its training images, scored on its test images. */
    public ImageTask task(BinaryTask task) {
        return new ImageTask(task.train(), task.test(), train, settings.batch(), settings.evalBatch());
    }

    /** Optimiser steps that {@link #run} takes on this task. */
    public long steps(BinaryTask task) {
        return (long) settings.fineTuneEpochs() * task(task).batchesPerEpoch();
    }

    /** The PEFT layer's method for this base with this protocol's constants and start. */
    public dev.metalora.peft.FineTuning method(FineTuneMethod method, TaskModel retrained) {
        LoraConfig lora = LoraConfig.rank(settings.fineTuneRank())
                .bias(settings.adaptedBias() ? LoraConfig.Bias.KEEP : LoraConfig.Bias.DROP);
        dev.metalora.peft.FineTuning f = dev.metalora.peft.FineTuning.of(method, lora)
                .epochs(settings.fineTuneEpochs())
                .optimizer(OptimizerSpec.adam(settings.fineTuneLr()).withWeightDecay(settings.weightDecay()).withCosine())
                .progress(progress);
        boolean fromTask0 = settings.fineTuneStart() == FineTuneStart.TASK_0
                && (method == FineTuneMethod.LORA ? retrained.adapters() > 0 : retrained.heads() > 1);
        return fromTask0 ? f.fromTask(0) : f;
    }

    /** The model fine-tuning starts from: retrained weights where they apply, the rest fresh, frozen as the method says. */
    public TaskModel startingPoint(FineTuneMethod method, TaskModel retrained, long seed, NDManager manager) {
        return TaskModel.of(method(method, retrained).startingPoint(TaskModel.factory(retrained.config()),
                retrained.model(), TaskModel.inputShape(retrained.config()), seed, manager));
    }

    /** Test accuracy on the unseen task after each fine-tuning epoch. */
    public double[] run(FineTuneMethod method, TaskModel retrained, BinaryTask task, long seed, NDManager manager) {
        return method(method, retrained).run(TaskModel.factory(retrained.config()), retrained.model(), task(task), seed,
                manager).score();
    }
}
