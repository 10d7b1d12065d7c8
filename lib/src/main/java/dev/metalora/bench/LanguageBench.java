package dev.metalora.bench;

import dev.metalora.language.LanguageExperiment;

/**
 * The language section: retraining steps per second of SR and LoRA-ML at the CPU default of
 * {@code Experiments.language()} (MiniLM's first 2 layers, pairs of at most 32 tokens, 10 tasks,
 * 3 contexts x 4 candidates per batch, PyTorch on one thread per core), and what the reference sizes would take.
 */
final class LanguageBench {
    private LanguageBench() {
    }

    static void run() {
        LanguageExperiment.Throughput t = LanguageExperiment.throughput(new LanguageExperiment());
        System.out.println(t);
    }
}
