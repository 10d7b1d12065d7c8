/**
 * Neural models on DJL's PyTorch engine: the LoRA layer ({@link dev.metalora.peft.LoraLinear}, a
 * linear layer with a stack of per-task adapters), the multi-task model around any block built from
 * it ({@link dev.metalora.peft.MultiTaskModel}: select the task, freeze the base, start fine-tuning
 * from a retrained base), and the one training loop every neural method uses
 * ({@link dev.metalora.peft.TrainingLoop}: summed task losses, one optimiser step per round, constant
 * memory, interruptible). {@link dev.metalora.nn.NnRuntime} runs DJL offline with one thread each
 * for intra- and inter-op work; {@link dev.metalora.nn.Devices} chooses CPU or GPU and refuses a GPU
 * that is not usable. The shallow-network setting lives in {@code dev.metalora.shallow}.
 */
package dev.metalora.nn;
