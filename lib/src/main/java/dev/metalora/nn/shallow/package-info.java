/**
 * The paper's shallow-network setting: the task family {@code y = c^T sigmoid((A* + U*_t U*_t^T) x)
 * + eps} ({@link dev.metalora.nn.shallow.ShallowTaskFamily}), the network
 * ({@link dev.metalora.nn.shallow.ShallowNet}), retraining by LoRA-ML or SR
 * ({@link dev.metalora.nn.shallow.ShallowRetraining}) and LoRA fine-tuning on the unseen task
 * ({@link dev.metalora.nn.shallow.ShallowFineTuning}), one network at a time; the same for every
 * method and trial of a comparison at once, as one stacked network
 * ({@link dev.metalora.nn.shallow.ShallowTrials}, {@link dev.metalora.nn.shallow.StackedShallowNet}).
 * Experiments over trials and sweeps are in {@code dev.metalora.experiment.ShallowExperiment}.
 */
package dev.metalora.nn.shallow;
