package dev.metalora.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.metalora.Experiments;
import dev.metalora.shallow.ShallowComparison;
import dev.metalora.nn.NnRuntime;
import dev.metalora.nn.shallow.ShallowFineTuning;
import dev.metalora.nn.shallow.ShallowRetraining;
import dev.metalora.nn.shallow.ShallowSample;
import dev.metalora.nn.shallow.ShallowTaskFamily;
import dev.metalora.nn.shallow.ShallowTrials;
import dev.metalora.progress.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Bench section "shallow": full-batch training steps per second of the shallow network at the
 * paper's sizes (d = 10, N = 1000, T = 3; target at least 1000 for LoRA-ML), the same with every
 * trial and method in one batched network ({@link ShallowTrials}), and the time of the reference
 * run (40 000 retraining + 15 000 fine-tuning epochs per method) with 1 and with 10 trials.
 */
final class ShallowBench {
    static final double TARGET_STEPS_PER_SECOND = 1000;
    private static final int WARM_UP = 2000, TIMED = 10_000, BATCH_TRIALS = 10, BATCH_TIMED = 2000;

    private ShallowBench() {
    }

    static void run() {
        System.out.printf("PyTorch threads: %d intra-op, %d inter-op; natives under %s%n",
                NnRuntime.intraOpThreads(), NnRuntime.interOpThreads(), NnRuntime.cacheDir());
        ShallowTaskFamily family = ShallowTaskFamily.sample(10, 3, 1, 0.1, 1);
        SplittableRandom rng = new SplittableRandom(2);
        List<ShallowSample> data = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            data.add(family.sample(t, 1000, rng));
        }
        ShallowSample unseen = family.sample(family.unseen(), 100, rng);
        for (ShallowRetraining method : List.of(ShallowRetraining.loraMl(1), ShallowRetraining.standard())) {
            try (NDManager m = NnRuntime.newManager(Device.cpu())) {
                method.withEpochs(WARM_UP).run(family, data, 3, m, Progress.none());
                long t0 = System.nanoTime();
                var r = method.withEpochs(TIMED).run(family, data, 3, m, Progress.none());
                double rate = TIMED / ((System.nanoTime() - t0) / 1e9);
                System.out.printf("%-8s retraining, d=10 N=1000 T=3, full batch: %7.0f steps/s%s%n", method.method().label(),
                        rate, method.method() == ShallowRetraining.Method.LORA_ML
                                ? String.format("  (target >= %.0f: %s)", TARGET_STEPS_PER_SECOND,
                                rate >= TARGET_STEPS_PER_SECOND ? "met" : "MISSED") : "");
                long t1 = System.nanoTime();
                ShallowFineTuning.of(1).withEpochs(TIMED).run(r.model(), unseen, 4, m, Progress.none());
                System.out.printf("%-8s fine-tuning, n=100, rank 1:          %7.0f steps/s%n", method.method().label(),
                        TIMED / ((System.nanoTime() - t1) / 1e9));
            }
        }
        batched(family, data, unseen);
        ShallowComparison ref = Experiments.shallow().trials(1).progress(Progress.none()).run();
        System.out.printf("reference run (40000 + 15000 epochs per method, 1 trial): %.1f s%n", ref.seconds());
        ShallowComparison ref10 = Experiments.shallow().trials(BATCH_TRIALS).progress(Progress.none()).run();
        System.out.printf("reference run (40000 + 15000 epochs per method, %d trials, batched): %.1f s (%.1f s per trial)%n",
                BATCH_TRIALS, ref10.seconds(), ref10.seconds() / BATCH_TRIALS);
        System.out.println(ref10.summary());
    }

    /** Steps/s of the 2 x 10 networks (LoRA-ML and SR, 10 trials of the same data) trained as one. */
    private static void batched(ShallowTaskFamily family, List<ShallowSample> data, ShallowSample unseen) {
        List<ShallowTrials.Trial> trials = new ArrayList<>();
        for (int i = 0; i < BATCH_TRIALS; i++) {
            trials.add(new ShallowTrials.Trial(family, data, unseen, 3 + i, 4 + i));
        }
        List<ShallowRetraining> methods = List.of(ShallowRetraining.loraMl(1), ShallowRetraining.standard());
        int networks = methods.size() * BATCH_TRIALS;
        try (NDManager m = NnRuntime.newManager(Device.cpu())) {
            run(methods, 200, 200, trials, m);
            double retraining = BATCH_TIMED / run(methods, BATCH_TIMED, 0, trials, m);
            double fineTuning = BATCH_TIMED / run(methods, 0, BATCH_TIMED, trials, m);
            System.out.printf("batched, %d networks (LoRA-ML and SR x %d trials), retraining: %7.0f steps/s"
                    + " (%.0f network-steps/s)%n", networks, BATCH_TRIALS, retraining, retraining * networks);
            System.out.printf("batched, %d networks, fine-tuning, n=100, rank 1:       %7.0f steps/s"
                    + " (%.0f network-steps/s)%n", networks, fineTuning, fineTuning * networks);
        }
    }

    private static double run(List<ShallowRetraining> methods, int epochs, int fineTuneEpochs,
                              List<ShallowTrials.Trial> trials, NDManager m) {
        long t0 = System.nanoTime();
        ShallowTrials.run(methods.stream().map(r -> r.withEpochs(epochs)).toList(),
                ShallowFineTuning.of(1).withEpochs(fineTuneEpochs), trials, m, Progress.none());
        return (System.nanoTime() - t0) / 1e9;
    }
}
