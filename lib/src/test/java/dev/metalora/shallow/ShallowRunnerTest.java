package dev.metalora.shallow;

import dev.metalora.Experiments;
import dev.metalora.core.Serialization;
import dev.metalora.core.SplittingRunner;
import dev.metalora.core.TrialChunk;
import dev.metalora.progress.Progress;
import dev.metalora.runner.Runner;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The shallow comparison's trials as runner jobs: chunked, shipped, put back together. */
class ShallowRunnerTest {

    private static ShallowExperiment tiny() {
        return Experiments.shallow().dim(3).samples(20).testSamples(10).epochs(40).fineTuneEpochs(20).lr(1e-2)
                .trials(4).progress(Progress.none());
    }

    private static void assertSameCurves(ShallowMethodResult a, ShallowMethodResult b) {
        assertEquals(a.method(), b.method());
        assertArrayEquals(a.trainLossCurves(), b.trainLossCurves());
        assertArrayEquals(a.baseDistanceCurves(), b.baseDistanceCurves());
        assertArrayEquals(a.fineTuneLossCurves(), b.fineTuneLossCurves());
        assertArrayEquals(a.testLossCurves(), b.testLossCurves());
    }

    /**
     * Same trials, seeds and per-network gradients, in a stack of another size: PyTorch's float32
     * kernels may round a network's numbers differently at another position of the stack (a few
     * ulps, 6e-8 each, per step) and Adam's normalised steps do not amplify that over these 60
     * steps (observed 3e-7), so 1e-4 is a wide margin, while a trial given another trial's
     * seeds or data differs at order 1.
     */
    private static void assertSameCurvesToFloatRounding(ShallowMethodResult a, ShallowMethodResult b) {
        assertEquals(a.method(), b.method());
        double worst = Math.max(Math.max(relative(a.trainLossCurves(), b.trainLossCurves()),
                        relative(a.baseDistanceCurves(), b.baseDistanceCurves())),
                Math.max(relative(a.fineTuneLossCurves(), b.fineTuneLossCurves()),
                        relative(a.testLossCurves(), b.testLossCurves())));
        assertTrue(worst < 1e-4, a.method() + ": worst relative difference " + worst);
    }

    private static double relative(float[][] a, float[][] b) {
        assertEquals(a.length, b.length, "trials");
        double worst = 0;
        for (int t = 0; t < a.length; t++) {
            assertEquals(a[t].length, b[t].length, "epochs");
            for (int e = 0; e < a[t].length; e++) {
                worst = Math.max(worst, Math.abs(a[t][e] - b[t][e]) / Math.max(Math.abs(b[t][e]), 1e-6));
            }
        }
        return worst;
    }

    @Test
    void trialsGiveTheSameCurvesWhateverTheChunking() {
        // Each trial draws its tasks, data and initial weights from the seed and its own index, and
        // the stacked network gives each trial its separate run's gradient: the split changes
        // float32 rounding only.
        ShallowComparison whole = tiny().run();
        for (int p : new int[] {2, 4}) {
            SplittingRunner runner = new SplittingRunner(p);
            ShallowComparison split = tiny().on(runner).run();
            assertEquals(p, runner.jobs());
            assertSameCurvesToFloatRounding(whole.loraMl(), split.loraMl());
            assertSameCurvesToFloatRounding(whole.standard(), split.standard());
            assertEquals(whole.config(), split.config());
        }
    }

    @Test
    void aSweepOnARunnerEqualsTheLocalSweep() {
        ShallowSweep local = tiny().trials(2).vary("dim", 2, 3).run();
        SplittingRunner runner = new SplittingRunner(2);
        ShallowSweep split = tiny().trials(2).vary("dim", 2, 3).on(runner).run();
        assertEquals(4, runner.jobs(), "2 values x 2 chunks");
        for (int i = 0; i < 2; i++) {
            assertSameCurvesToFloatRounding(local.run(i).loraMl(), split.run(i).loraMl());
            assertSameCurvesToFloatRounding(local.run(i).standard(), split.run(i).standard());
        }
    }

    @Test
    void oneChunkOnAnyRunnerGivesExactlyTheLocalCurves() {
        ShallowComparison local = tiny().trials(2).run();
        ShallowComparison shipped = tiny().trials(2).on(new SplittingRunner(1)).run();
        assertSameCurves(local.loraMl(), shipped.loraMl());
        assertSameCurves(local.standard(), shipped.standard());
    }

    @Test
    void theLocalRunnerKeepsAllTrialsInOneStackedNetwork() {
        assertTrue(new ShallowJob().exclusive(), "DJL training: one job per JVM at a time");
        assertEquals(1, Runner.local(8).parallelism(new ShallowJob()));
        assertEquals(1, tiny().plan().split(tiny().config(), Runner.local(8).parallelism(new ShallowJob())).size());
    }

    @Test
    void configJobChunkAndResultsSurviveSerialisation() {
        ShallowConfig c = tiny().config();
        assertEquals(c, Serialization.roundTrip(c));
        TrialChunk<ShallowConfig> chunk = new TrialChunk<>(c, 1, 2);
        assertEquals(chunk, Serialization.roundTrip(chunk));
        assertInstanceOf(ShallowJob.class, Serialization.roundTrip(new ShallowJob()));
        ShallowSweep s = tiny().trials(1).vary("tasks", 2, 3).run();
        ShallowSweep back = Serialization.roundTrip(s);
        assertEquals(s.toJson(), back.toJson());
        assertEquals(s.summary(), back.summary());
        assertSameCurves(s.run(1).loraMl(), back.run(1).loraMl());
        assertEquals(List.of("test-loss", "base-distance", "final"), List.copyOf(back.plot().names()));
    }
}
