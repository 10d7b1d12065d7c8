package dev.metalora.vision;

import dev.metalora.nn.WithManager;

import dev.metalora.peft.FineTuneMethod;
import dev.metalora.peft.RetrainMethod;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.metalora.data.Augmentation;
import dev.metalora.data.FashionMnist;
import dev.metalora.data.Normalization;
import dev.metalora.data.Preprocessing;
import dev.metalora.data.TaskProtocol;
import dev.metalora.progress.InterruptedRunException;
import dev.metalora.progress.Progress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One short run of every retraining and fine-tuning method on a small slice of Fashion-MNIST:
 * everything completes and the fine-tuned model beats chance on the unseen task (8 vs 9).
 */
class VisionMethodsTest extends WithManager {
    static TaskProtocol.Split data;
    static Preprocessing pre;
    static final MixerConfig CONFIG = MixerConfig.reference(1, 28);
    /** One epoch of everything, batch 16 and Adam at 1e-3 (1e-2 to fine-tune) so that a few dozen steps learn something. */
    static final TrainingSettings SETTINGS = new TrainingSettings(1, 1, 16, 1e-3, 1e-5, 1e-2, 1, 1,
            1, 5, 1e-2, 1e-3, 500);

    @BeforeAll
    static void load() {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST not installed");
        var train = FashionMnist.train();
        data = TaskProtocol.reference().split(train, FashionMnist.test()).sample(192, 100, 768, 400, 11);
        pre = new Preprocessing(Normalization.of(train), Augmentation.reference());
    }

    @Test
    void everyMethodCompletesAndBeatsChanceOnTheUnseenTask() {
        Retraining retraining = new Retraining(CONFIG, SETTINGS, pre, Progress.none());
        FineTuning fineTuning = new FineTuning(SETTINGS, pre, Progress.none());
        for (RetrainMethod method : RetrainMethod.values()) {
            try (NDManager run = manager.newSubManager()) {
                Engine.getEngine("PyTorch").setRandomSeed(3);
                Retrained r = retraining.run(method, data.retraining(), 3, run);
                assertEquals(1, r.validationAccuracy().length, "one retraining epoch, one validation score");
                for (FineTuneMethod ft : FineTuneMethod.values()) {
                    double[] acc = fineTuning.run(ft, r.model(), data.unseen(), 5, run);
                    // Chance is 0.5; with 400 test images a chance-level classifier's accuracy has
                    // standard deviation 0.025, so 0.6 is four of them above it.
                    assertTrue(acc[acc.length - 1] > 0.6, method + " + " + ft + ": accuracy " + acc[acc.length - 1]);
                    System.out.printf("%s + %s: %.3f (validation %.3f)%n", method, ft, acc[acc.length - 1],
                            r.bestValidationAccuracy());
                }
            }
        }
    }

    @Test
    void interruptedTrainingStopsAtOnceAndClearsTheFlag() {
        Retraining retraining = new Retraining(CONFIG, SETTINGS, pre, Progress.none());
        for (RetrainMethod method : new RetrainMethod[]{RetrainMethod.STANDARD, RetrainMethod.REPTILE}) {
            try (NDManager run = manager.newSubManager()) {
                Thread.currentThread().interrupt();
                InterruptedRunException e = assertThrows(InterruptedRunException.class,
                        () -> retraining.run(method, data.retraining(), 3, run));
                assertTrue(e.getMessage().contains(method.id()), e.getMessage());
                assertFalse(Thread.currentThread().isInterrupted(), "the flag is consumed by the stop");
            }
        }
    }
}
