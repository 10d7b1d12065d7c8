/**
 * Real image data for the vision protocol: {@link dev.metalora.data.FashionMnist} (IDX files, by
 * default from Debian's {@code dataset-fashion-mnist}), {@link dev.metalora.data.Cifar10} (binary
 * batches from a folder the user provides), per-channel {@link dev.metalora.data.Normalization},
 * the seeded crop-and-flip {@link dev.metalora.data.Augmentation}, and the binary-task
 * {@link dev.metalora.data.TaskProtocol} (class pairs, label = position in the pair). Plain Java:
 * nothing here knows about models.
 */
package dev.metalora.data;
