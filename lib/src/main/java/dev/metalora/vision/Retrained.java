package dev.metalora.vision;

import dev.metalora.peft.RetrainMethod;
/**
 * A retrained model at its best epoch, with how it got there.
 *
 * @param method             the retraining method
 * @param model              the weights of the epoch with the highest validation accuracy
 * @param validationAccuracy accuracy on the retraining tasks' test split after each epoch
 * @param bestEpoch          index of the chosen epoch (0-based)
 * @param trainLoss          mean training loss of each epoch (NaN where the method has none)
 */
public record Retrained(RetrainMethod method, TaskModel model, double[] validationAccuracy, int bestEpoch,
                        double[] trainLoss) {

    public Retrained {
        validationAccuracy = validationAccuracy.clone();
        trainLoss = trainLoss.clone();
    }

    @Override
    public double[] validationAccuracy() {
        return validationAccuracy.clone();
    }

    @Override
    public double[] trainLoss() {
        return trainLoss.clone();
    }

    public double bestValidationAccuracy() {
        return validationAccuracy[bestEpoch];
    }
}
