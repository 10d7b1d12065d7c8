package dev.metalora.peft;

/**
 * A retrained model at its best epoch, with how it got there.
 *
 * @param method          the retraining method
 * @param model           the weights of the epoch with the highest held-out score
 * @param validationScore the mean held-out score of the retraining tasks after each epoch
 * @param bestEpoch       index of the chosen epoch (0-based)
 * @param trainLoss       mean training loss of each epoch (summed over a round's tasks for the ML methods)
 */
public record Retrained(RetrainMethod method, MultiTaskModel model, double[] validationScore, int bestEpoch,
                        double[] trainLoss) {

    public Retrained {
        validationScore = validationScore.clone();
        trainLoss = trainLoss.clone();
    }

    @Override
    public double[] validationScore() {
        return validationScore.clone();
    }

    @Override
    public double[] trainLoss() {
        return trainLoss.clone();
    }

    public double bestScore() {
        return validationScore[bestEpoch];
    }
}
