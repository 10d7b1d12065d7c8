package dev.metalora.custom;

import java.io.Serializable;

/**
 * What one trial measured for one pair of a retraining and a fine-tuning method (the curves are
 * mean squared errors, one value per epoch).
 *
 * @param method      retraining method id
 * @param fineTune    fine-tuning method id
 * @param trial       the trial's index
 * @param trainLoss   retraining: mean training loss per epoch
 * @param heldOut     retraining: held-out error of the retraining tasks per epoch
 * @param bestEpoch   retraining: the epoch kept (lowest held-out error)
 * @param testLoss    fine-tuning: test error on the unseen tasks (their mean) per epoch
 */
record TrialCurves(String method, String fineTune, int trial, double[] trainLoss, double[] heldOut, int bestEpoch,
                   double[] testLoss) implements Serializable {
}
