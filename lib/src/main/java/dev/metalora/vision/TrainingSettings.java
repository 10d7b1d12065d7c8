package dev.metalora.vision;

/**
 * The optimisation constants of the vision protocol.
 *
 * @param epochs            retraining epochs (SR, LoRA-ML, last-layer-ML)
 * @param fineTuneEpochs    fine-tuning epochs
 * @param batch             images per mini-batch (per task in a round)
 * @param lr                Adam learning rate of retraining
 * @param weightDecay       Adam's (L2) weight decay, retraining and fine-tuning
 * @param fineTuneLr        Adam learning rate of fine-tuning
 * @param rank              rank of each task's LoRA adapter in LoRA-ML
 * @param fineTuneRank      rank of the fine-tuning LoRA adapter
 * @param reptileEpochs     Reptile's outer epochs (one outer step per task each)
 * @param reptileInnerSteps Reptile's inner SGD steps per task
 * @param reptileInnerLr    Reptile's inner SGD learning rate
 * @param reptileLr         Reptile's outer Adam learning rate
 * @param evalBatch         images per forward pass when measuring accuracy
 * @param fineTuneStart     where fine-tuning's adapter or head starts (default fresh; the reference
 *                          code: task 0's)
 * @param adaptedBias       whether layers that carry adapters have a bias (default true; the reference
 *                          code: false, so LoRA-ML has no bias and LoRA fine-tuning drops the base's)
 */
public record TrainingSettings(int epochs, int fineTuneEpochs, int batch, double lr, double weightDecay,
                               double fineTuneLr, int rank, int fineTuneRank, int reptileEpochs,
                               int reptileInnerSteps, double reptileInnerLr, double reptileLr, int evalBatch,
                               FineTuneStart fineTuneStart, boolean adaptedBias) {

    /** Fresh fine-tuning starts, biases everywhere (the paper's text). */
    public TrainingSettings(int epochs, int fineTuneEpochs, int batch, double lr, double weightDecay,
                            double fineTuneLr, int rank, int fineTuneRank, int reptileEpochs,
                            int reptileInnerSteps, double reptileInnerLr, double reptileLr, int evalBatch) {
        this(epochs, fineTuneEpochs, batch, lr, weightDecay, fineTuneLr, rank, fineTuneRank, reptileEpochs,
                reptileInnerSteps, reptileInnerLr, reptileLr, evalBatch, FineTuneStart.FRESH, true);
    }

    /** The same with the reference code's fine-tuning start and bias choice. */
    public TrainingSettings with(FineTuneStart start, boolean adaptedBias) {
        return new TrainingSettings(epochs, fineTuneEpochs, batch, lr, weightDecay, fineTuneLr, rank, fineTuneRank,
                reptileEpochs, reptileInnerSteps, reptileInnerLr, reptileLr, evalBatch, start, adaptedBias);
    }

    public TrainingSettings {
        if (fineTuneStart == null) {
            throw new IllegalArgumentException("fineTuneStart: must be fresh or task-0, got null");
        }
        positive("epochs", epochs);
        positive("fineTuneEpochs", fineTuneEpochs);
        positive("batch", batch);
        positive("rank", rank);
        positive("fineTuneRank", fineTuneRank);
        positive("reptileEpochs", reptileEpochs);
        positive("reptileInnerSteps", reptileInnerSteps);
        positive("evalBatch", evalBatch);
        rate("lr", lr);
        rate("fineTuneLr", fineTuneLr);
        rate("reptileInnerLr", reptileInnerLr);
        rate("reptileLr", reptileLr);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay: must be finite and >= 0, got " + weightDecay);
        }
    }

    /**
     * The paper's constants: 100 epochs of Adam (lr 1e-4, weight decay 1e-5, batch 256) for
     * retraining, 100 epochs of Adam (lr 5e-4) for fine-tuning, rank 1 adapters, Reptile with 5
     * outer epochs, 20 inner SGD steps of lr 1e-2 per task and outer Adam lr 1e-5.
     */
    public static TrainingSettings reference() {
        return new TrainingSettings(100, 100, 256, 1e-4, 1e-5, 5e-4, 1, 1, 5, 20, 1e-2, 1e-5, 500);
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + ": must be at least 1, got " + v);
        }
    }

    private static void rate(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + ": must be finite and > 0, got " + v);
        }
    }
}
