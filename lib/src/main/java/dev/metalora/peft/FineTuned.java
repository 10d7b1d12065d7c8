package dev.metalora.peft;

/**
 * A fine-tuning run on an unseen task: the model at its last epoch and the curves.
 *
 * @param model     the fine-tuned model
 * @param score     the task's held-out score after each epoch
 * @param trainLoss mean training loss of each epoch
 */
public record FineTuned(MultiTaskModel model, double[] score, double[] trainLoss) {

    public FineTuned {
        score = score.clone();
        trainLoss = trainLoss.clone();
    }

    @Override
    public double[] score() {
        return score.clone();
    }

    @Override
    public double[] trainLoss() {
        return trainLoss.clone();
    }

    public double lastScore() {
        return score[score.length - 1];
    }

    public double bestScore() {
        return java.util.Arrays.stream(score).max().orElse(Double.NaN);
    }
}
