/**
 * The vision setting on DJL: an {@link dev.metalora.vision.MlpMixer} whose every linear layer is a
 * {@link dev.metalora.peft.LoraLinear} (one adapter per task for LoRA-ML; one head per task for
 * last-layer-ML), the retraining methods ({@link dev.metalora.vision.Retraining}: SR, LoRA-ML,
 * last-layer-ML on {@link dev.metalora.peft.TrainingLoop}; Reptile), the fine-tuning methods
 * ({@link dev.metalora.vision.FineTuning}: LoRA, last layer), accuracy and loss
 * ({@link dev.metalora.vision.Evaluation}) and {@link dev.metalora.vision.Checkpoint}s of retrained
 * models. Experiments over seeds live in {@code dev.metalora.experiment.VisionExperiment}.
 */
package dev.metalora.vision;
