package dev.metalora.shallow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.metalora.peft.FineTuning;
import dev.metalora.peft.MultiTaskModel;
import dev.metalora.peft.OptimizerSpec;
import dev.metalora.peft.TrainingLoop;
import dev.metalora.progress.Progress;

/**
 * LoRA fine-tuning of a retrained shallow network on the unseen task: the retrained base (hidden
 * weight and output weights) is copied and frozen ({@link FineTuning#startingPoint} of the PEFT layer), a new rank-r adapter (up-projection zero) is
 * trained full batch on the n samples with AdamW (lr 1e-3 by default). Records per epoch the
 * training loss and the clean prediction error
 * {@code (1/n) sum_i (f(x_i) - c^T sigmoid(Theta*_new x_i))^2} over the fine-tuning samples.
 *
 * @param rank      rank r of the new adapter (the paper: k, or 3k when T = 2)
 * @param epochs    full-batch epochs (default 15000)
 * @param optimizer the optimiser over the adapter
 */
public record ShallowFineTuning(int rank, int epochs, OptimizerSpec optimizer) {

    public static final int DEFAULT_EPOCHS = 15_000;

    /** The fine-tuning history. */
    public record FineTuned(float[] trainLoss, float[] cleanError) {
    }

    public ShallowFineTuning {
        if (rank < 1) {
            throw new IllegalArgumentException("rank: must be >= 1, got " + rank);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs: must be >= 0, got " + epochs);
        }
    }

    public static ShallowFineTuning of(int rank) {
        return new ShallowFineTuning(rank, DEFAULT_EPOCHS, OptimizerSpec.adamW(ShallowRetraining.DEFAULT_LR));
    }

    public ShallowFineTuning withEpochs(int epochs) {
        return new ShallowFineTuning(rank, epochs, optimizer);
    }

    public ShallowFineTuning withOptimizer(OptimizerSpec optimizer) {
        return new ShallowFineTuning(rank, epochs, optimizer);
    }

    /**
     * Fine-tunes a copy of {@code retrained}'s base; the adapter's initial weights come from
     * {@code initSeed} (use the same seed for every method so they start alike).
     */
    public FineTuned run(MultiTaskModel retrained, ShallowSample data, long initSeed, NDManager manager,
                         Progress progress) {
        int d = data.dim();
        int n = data.n();
        MultiTaskModel model = FineTuning.lora(ShallowNet.lora(rank)).startingPoint(ShallowNet.factory(d), retrained,
                new Shape(n, d), initSeed, manager);
        NDArray x = data.inputs(manager);
        NDArray y = data.outputs(manager);
        NDArray clean = data.cleanOutputs(manager);
        ParameterStore eval = new ParameterStore(manager, false);
        float[] error = new float[epochs];
        TrainingLoop.Objective objective = (ps, epoch) -> model.forward(ps, x, true).sub(y).square().mean();
        float[] loss = new TrainingLoop(optimizer, epochs, "fine-tuning", progress)
                .run(model, new NDList(x, y, clean), objective,
                        (epoch, l) -> error[epoch] = model.forward(eval, x, false).sub(clean).square().mean().getFloat());
        return new FineTuned(loss, error);
    }
}
