/**
 * The paper's shallow-network setting: the task family {@code y = c^T sigmoid((A* + U*_t U*_t^T) x)
 * + eps} ({@link dev.metalora.shallow.ShallowTaskFamily}), the network
 * ({@link dev.metalora.shallow.ShallowNet}), retraining by LoRA-ML or SR
 * ({@link dev.metalora.shallow.ShallowRetraining}) and LoRA fine-tuning on the unseen task
 * ({@link dev.metalora.shallow.ShallowFineTuning}), one network at a time; the same for every
 * method and trial of a comparison at once ({@link dev.metalora.shallow.ShallowTrials}): on the
 * CPU by a plain-Java float32 engine (forward pass, hand-written gradients and DJL's Adam(W),
 * the networks spread over the cores; its passes over the samples use the JDK's vector API when
 * the JVM runs with {@code --add-modules=jdk.incubator.vector}, plain loops otherwise), on a GPU or on request as one stacked DJL network
 * ({@link dev.metalora.shallow.StackedShallowNet}); both give the same iterates to float32 rounding.
 * Experiments over trials and sweeps: {@link dev.metalora.shallow.ShallowExperiment} (its config, job, results, sweep and figures beside it).
 */
package dev.metalora.shallow;
