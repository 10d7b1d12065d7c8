package dev.metalora.vision;

import dev.metalora.peft.FineTuneMethod;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.metalora.data.BinaryTask;
import dev.metalora.data.Preprocessing;
import dev.metalora.peft.OptimizerSpec;
import dev.metalora.peft.TrainingLoop;
import dev.metalora.progress.Progress;

import java.util.Map;

/**
 * Fine-tunes a retrained Mixer on the unseen task and records its test accuracy after every epoch.
 * <ul>
 *   <li>LoRA: a fresh Mixer with one rank-r adapter in every linear layer; its base is the retrained
 *       base (the shared weights; task adapters dropped) and is frozen, so only the adapter
 *       {@code B A} trains. A model with one head per task has no shared head: the fine-tuning head
 *       is then a fresh one, frozen too (the reference code does the same).</li>
 *   <li>Last layer: the retrained body with a fresh head; only the head trains.</li>
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

    /** Optimiser steps that {@link #run} takes on this task. */
    public long steps(BinaryTask task) {
        return (long) settings.fineTuneEpochs() * batchesPerEpoch(task);
    }

    private int batchesPerEpoch(BinaryTask task) {
        return (task.train().size() + settings.batch() - 1) / settings.batch();
    }

    /** The model fine-tuning starts from: retrained weights where they apply, the rest fresh, frozen as the method says. */
    public TaskModel startingPoint(FineTuneMethod method, TaskModel retrained, long seed, NDManager manager) {
        MixerConfig config = retrained.config();
        boolean lora = method == FineTuneMethod.LORA;
        TaskModel fresh = TaskModel.create(config, lora ? 1 : 0, settings.fineTuneRank(), 1, seed, manager);
        boolean freshHead = !lora || retrained.heads() > 1;
        Map<String, float[]> base = retrained.snapshot();
        base.keySet().removeIf(k -> TaskModel.isAdapter(k) || (freshHead && TaskModel.isHead(k)));
        fresh.restore(base);
        if (lora) {
            fresh.model().freezeBase();
            fresh.select(0);
        } else {
            for (Map.Entry<String, Parameter> p : fresh.parameters().entrySet()) {
                p.getValue().freeze(!TaskModel.isHead(p.getKey()));
            }
        }
        return fresh;
    }

    /** Test accuracy on the unseen task after each fine-tuning epoch. */
    public double[] run(FineTuneMethod method, TaskModel retrained, BinaryTask task, long seed, NDManager manager) {
        TaskModel model = startingPoint(method, retrained, seed, manager);
        int perEpoch = batchesPerEpoch(task);
        Batches batches = new Batches(task.train(), train, settings.batch(), seed * 17 + 5);
        TrainingLoop.Objective objective = (ps, step) -> {
            Batches.Batch b = batches.batch(step / perEpoch, step % perEpoch);
            NDManager m = model.currentManager();
            NDArray logits = model.logits(ps, Evaluation.images(m, b, task.train()), true);
            return Evaluation.crossEntropy(logits, m.create(b.y()));
        };
        double[] accuracy = new double[settings.fineTuneEpochs()];
        TrainingLoop.StepListener record = (step, loss) -> {
            if ((step + 1) % perEpoch == 0) {
                accuracy[step / perEpoch] = Evaluation.accuracy(model, 0, task.test(), train.normalization(),
                        settings.evalBatch());
            }
        };
        OptimizerSpec adam = OptimizerSpec.adam(settings.fineTuneLr()).withWeightDecay(settings.weightDecay())
                .withCosine(settings.fineTuneEpochs() * perEpoch);
        new TrainingLoop(adam, settings.fineTuneEpochs() * perEpoch, "fine-tuning (" + method.id() + ")", progress)
                .run(model.model(), new NDList(), objective, record);
        return accuracy;
    }
}
