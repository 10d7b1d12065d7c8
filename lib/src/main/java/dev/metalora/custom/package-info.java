/**
 * LoRA-ML on your own model and tasks: a {@link dev.metalora.custom.TaskFamily} (retraining tasks
 * and unseen tasks with their data as tensors, one method to write) and a ready one, the sine waves
 * of MAML ({@link dev.metalora.custom.SineWaves}).
 */
package dev.metalora.custom;
