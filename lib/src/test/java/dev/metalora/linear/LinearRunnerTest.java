package dev.metalora.linear;

import dev.metalora.Experiments;
import dev.metalora.core.Serialization;
import dev.metalora.core.SplittingRunner;
import dev.metalora.progress.Progress;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The linear comparison and sweep as runner jobs: shipped through serialisation, equal results. */
class LinearRunnerTest {

    private static LinearExperiment tiny() {
        return Experiments.linear().dim(4).samples(200).outerSteps(60).fineTuneSteps(40).trials(2)
                .progress(Progress.none());
    }

    @Test
    void aSweepShippedToAnotherRunnerEqualsTheLocalSweep() {
        LinearSweep local = tiny().vary("tasks", 2, 3).run();
        SplittingRunner runner = new SplittingRunner(4);
        LinearSweep shipped = tiny().vary("tasks", 2, 3).on(runner).run();
        assertEquals(2, runner.jobs(), "one job per value: a value's trials are computed together");
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(local.run(i).loraMl().testLossCurves(), shipped.run(i).loraMl().testLossCurves());
            assertArrayEquals(local.run(i).standard().baseErrorCurves(), shipped.run(i).standard().baseErrorCurves());
        }
    }

    @Test
    void theBuilderRunnerCarriesOverToItsSweeps() {
        SplittingRunner runner = new SplittingRunner(1);
        tiny().on(runner).vary("dim", 3, 4).run();
        assertEquals(2, runner.jobs());
    }

    @Test
    void configJobAndResultsSurviveSerialisation() {
        LinearConfig c = tiny().config();
        assertEquals(c, Serialization.roundTrip(c));
        assertInstanceOf(LinearJob.class, Serialization.roundTrip(new LinearJob()));
        LinearSweep s = tiny().trials(1).vary("noise", 0.01, 0.1).run();
        LinearSweep back = Serialization.roundTrip(s);
        assertEquals(s.toJson(), back.toJson());
        assertEquals(s.csv().toString(), back.csv().toString());
        assertEquals(s.run(0).summary(), back.run(0).summary());
        assertArrayEquals(s.values(), back.values());
    }
}
