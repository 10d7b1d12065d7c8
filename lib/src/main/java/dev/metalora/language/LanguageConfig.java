package dev.metalora.language;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.peft.FineTuneMethod;
import dev.metalora.peft.RetrainMethod;
import dev.metalora.results.Json;

import java.nio.file.Path;
import java.util.List;

/**
 * Every knob of a language run ({@link LanguageExperiment} builds it; its defaults are documented there).
 *
 * @param encoder          "minilm" (all-MiniLM-L6-v2 from the class path) or "roberta" (from {@code modelDir})
 * @param modelDir         folder of a user-brought {@code model.safetensors} + {@code tokenizer.json}, or null
 * @param corpus           "fortunes" (Debian's, the default) or "convai2" (from {@code corpusDir})
 * @param corpusDir        folder of the corpus (null: Debian's fortunes folder)
 * @param layers           encoder layers kept (the first ones of the pretrained model)
 * @param maxTokens        longest (context, candidate) pair; longer ones are truncated with a warning
 * @param retrainTasks     tasks retrained on
 * @param fineTuneTasks    unseen tasks fine-tuned and tested on
 * @param candidates       candidates per example (the true one and distractors)
 * @param trainExamples    training examples per task (at most)
 * @param heldOutExamples  held-out examples per task (at most)
 * @param heldOutFraction  fortunes: fraction of a category's entries held out
 * @param contexts         examples (contexts) per batch; a batch has contexts x candidates pairs
 * @param epochs           retraining epochs (Reptile: outer epochs)
 * @param fineTuneEpochs   fine-tuning epochs
 * @param lr               retraining AdamW learning rate
 * @param fineTuneLr       fine-tuning AdamW learning rate
 * @param rank             LoRA-ML adapter rank (alpha = 2 rank, dropout 0.1)
 * @param fineTuneRank     LoRA fine-tuning adapter rank
 * @param innerSteps       Reptile's inner AdamW steps per task
 * @param outerLr          Reptile's outer AdamW learning rate
 * @param methods          retraining methods
 * @param fineTunes        fine-tuning methods
 * @param seeds            seeds (each: its own split, initial heads and adapters, batches)
 * @param threads          PyTorch intra-op threads
 */
public record LanguageConfig(String encoder, Path modelDir, String corpus, Path corpusDir, int layers, int maxTokens,
                             int retrainTasks, int fineTuneTasks, int candidates, int trainExamples,
                             int heldOutExamples, double heldOutFraction, int contexts, int epochs,
                             int fineTuneEpochs, double lr, double fineTuneLr, int rank, int fineTuneRank,
                             int innerSteps, double outerLr, List<RetrainMethod> methods,
                             List<FineTuneMethod> fineTunes, List<Long> seeds, int threads,
                             String device) {

    public LanguageConfig {
        methods = List.copyOf(methods);
        fineTunes = List.copyOf(fineTunes);
        seeds = List.copyOf(seeds);
        device = dev.metalora.nn.Devices.canonical(device == null ? "cpu" : device);
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("encoder", encoder);
        n.put("modelDir", modelDir == null ? null : modelDir.toString());
        n.put("corpus", corpus);
        n.put("corpusDir", corpusDir == null ? null : corpusDir.toString());
        n.put("layers", layers);
        n.put("maxTokens", maxTokens);
        n.put("retrainTasks", retrainTasks);
        n.put("fineTuneTasks", fineTuneTasks);
        n.put("candidates", candidates);
        n.put("trainExamples", trainExamples);
        n.put("heldOutExamples", heldOutExamples);
        n.put("heldOutFraction", heldOutFraction);
        n.put("contexts", contexts);
        n.put("epochs", epochs);
        n.put("fineTuneEpochs", fineTuneEpochs);
        n.put("lr", lr);
        n.put("fineTuneLr", fineTuneLr);
        n.put("rank", rank);
        n.put("fineTuneRank", fineTuneRank);
        n.put("innerSteps", innerSteps);
        n.put("outerLr", outerLr);
        RetrainMethod.putGrid(n, methods, fineTunes, seeds);
        n.put("threads", threads);
        n.put("device", device);
        return n;
    }
}
