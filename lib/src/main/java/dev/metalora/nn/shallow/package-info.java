/**
 * The paper's shallow-network setting: the task family {@code y = c^T sigmoid((A* + U*_t U*_t^T) x)
 * + eps} ({@link dev.metalora.nn.shallow.ShallowTaskFamily}), the network
 * ({@link dev.metalora.nn.shallow.ShallowNet}), retraining by LoRA-ML or SR
 * ({@link dev.metalora.nn.shallow.ShallowRetraining}) and LoRA fine-tuning on the unseen task
 * ({@link dev.metalora.nn.shallow.ShallowFineTuning}). Experiments over trials and sweeps are in
 * {@code dev.metalora.experiment.ShallowExperiment}.
 */
package dev.metalora.nn.shallow;
