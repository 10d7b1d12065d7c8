package dev.metalora.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.metalora.data.Augmentation;
import dev.metalora.data.FashionMnist;
import dev.metalora.data.ImageSet;
import dev.metalora.data.Normalization;
import dev.metalora.data.Preprocessing;
import dev.metalora.data.TaskProtocol;
import dev.metalora.nn.NnRuntime;
import dev.metalora.progress.Progress;
import dev.metalora.vision.Evaluation;
import dev.metalora.vision.MixerConfig;
import dev.metalora.peft.RetrainMethod;
import dev.metalora.vision.Retrained;
import dev.metalora.vision.Retraining;
import dev.metalora.vision.TrainingSettings;

/**
 * The vision section: reading Fashion-MNIST, and training and evaluation throughput of the
 * reference Mixer (28x28, patch 4, width 128) at the paper's batch size 256, on the PyTorch threads
 * configured (1 by default). The numbers size the CPU default of {@code Experiments.vision()}.
 */
final class VisionBench {
    private VisionBench() {
    }

    static void run() {
        long t0 = System.nanoTime();
        ImageSet train = FashionMnist.train();
        ImageSet test = FashionMnist.test();
        System.out.printf("read Fashion-MNIST (70000 images, gzipped IDX): %.2f s%n", (System.nanoTime() - t0) / 1e9);
        Preprocessing pre = new Preprocessing(Normalization.of(train), Augmentation.reference());
        TaskProtocol.Split split = TaskProtocol.reference().split(train, test).sample(1024, 250, 1, 1, 1);
        MixerConfig config = MixerConfig.reference(1, 28);
        TrainingSettings s = new TrainingSettings(1, 1, 256, 1e-4, 1e-5, 5e-4, 1, 1, 1, 1, 1e-2, 1e-5, 500);
        Retraining retraining = new Retraining(config, s, pre, Progress.none());
        try (NDManager m = NnRuntime.newManager(Device.cpu())) {
            retraining.run(RetrainMethod.STANDARD, split.retraining(), 1, m); // warm-up
            for (RetrainMethod method : new RetrainMethod[]{RetrainMethod.STANDARD, RetrainMethod.LORA_ML}) {
                long start = System.nanoTime();
                Retrained r = retraining.run(method, split.retraining(), 2, m);
                double sec = (System.nanoTime() - start) / 1e9;
                // One epoch: 4 x 1024 training images forward and backward, plus 4 x 250 validation images forward.
                System.out.printf("%s, batch 256, %d PyTorch thread(s) of %d cores: one epoch of 4096 training + 1000"
                        + " validation images %.2f s (%.0f training images/s including validation)%n", method.id(),
                        NnRuntime.intraOpThreads(), Runtime.getRuntime().availableProcessors(), sec, 4096 / sec);
                long e0 = System.nanoTime();
                Evaluation.accuracy(r.model(), 0, test, pre.normalization(), 500);
                double es = (System.nanoTime() - e0) / 1e9;
                System.out.printf("%s, evaluation, %d PyTorch thread(s): %.0f images/s%n", method.id(),
                        NnRuntime.intraOpThreads(), test.size() / es);
            }
        }
    }
}
