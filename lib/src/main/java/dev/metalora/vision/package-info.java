/**
 * The vision setting on the PEFT layer ({@code dev.metalora.peft}): an
 * {@link dev.metalora.vision.MlpMixer} whose every linear layer comes from a
 * {@link dev.metalora.peft.Linears} factory by name (one adapter per task for LoRA-ML, one head per
 * task for last-layer-ML), its binary image tasks ({@link dev.metalora.vision.ImageTask}: batches,
 * cross-entropy, accuracy), and the protocol's constants mapped onto the layer's methods
 * ({@link dev.metalora.vision.Retraining}, {@link dev.metalora.vision.FineTuning}, with the reference
 * code's options {@link dev.metalora.vision.FineTuneStart} and adapted-layer biases) and
 * {@link dev.metalora.vision.Checkpoint}s of retrained Mixers. No training loop lives here: every
 * step runs on {@link dev.metalora.peft.TrainingLoop}. Experiments over seeds live in
 * {@code dev.metalora.vision.VisionExperiment}.
 */
package dev.metalora.vision;
