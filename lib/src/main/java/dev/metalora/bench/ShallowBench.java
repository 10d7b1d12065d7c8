package dev.metalora.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.metalora.Experiments;
import dev.metalora.experiment.ShallowComparison;
import dev.metalora.nn.NnRuntime;
import dev.metalora.nn.shallow.ShallowFineTuning;
import dev.metalora.nn.shallow.ShallowRetraining;
import dev.metalora.nn.shallow.ShallowSample;
import dev.metalora.nn.shallow.ShallowTaskFamily;
import dev.metalora.progress.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Bench section "shallow": full-batch training steps per second of the shallow network at the
 * paper's sizes (d = 10, N = 1000, T = 3; target at least 1000 for LoRA-ML), and the time of the
 * reference run (40 000 retraining + 15 000 fine-tuning epochs per method, 1 trial).
 */
final class ShallowBench {
    static final double TARGET_STEPS_PER_SECOND = 1000;
    private static final int WARM_UP = 2000, TIMED = 10_000;

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
        ShallowComparison ref = Experiments.shallow().trials(1).run();
        System.out.printf("reference run (40000 + 15000 epochs per method, 1 trial): %.1f s%n", ref.seconds());
        System.out.println(ref.summary());
    }
}
