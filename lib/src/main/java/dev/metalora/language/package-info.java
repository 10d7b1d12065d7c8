/**
 * The language setting (PAPER.md, "Language setting"): a BERT-family encoder in DJL
 * ({@link dev.metalora.language.TransformerEncoder}, configs for BERT/MiniLM and RoBERTa) whose every
 * linear layer is made by name through the PEFT layer, a 2-way pair scorer on the first token
 * ({@link dev.metalora.language.PairScorer}), and the reference protocol
 * ({@link dev.metalora.language.LanguageExperiment}, {@code Experiments.language()}).
 *
 * <p>What runs on these machines: the pretrained all-MiniLM-L6-v2 read from the ONNX file of a Maven
 * Central jar ({@link dev.metalora.language.MiniLm}, {@link dev.metalora.language.OnnxWeights}) and the
 * categories of Debian's fortunes as tasks ({@link dev.metalora.language.Fortunes}), which stand in
 * for RoBERTa-base and ConvAI2: neither can be fetched here. Users who have them load
 * {@link dev.metalora.language.RobertaFiles} (model.safetensors + tokenizer.json) and
 * {@link dev.metalora.language.ConvAI2} (the "self original" files and the PAML persona maps).
 */
package dev.metalora.language;
