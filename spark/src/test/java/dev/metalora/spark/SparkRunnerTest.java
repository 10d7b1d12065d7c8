package dev.metalora.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.Experiments;
import dev.metalora.linear.LinearExperiment;
import dev.metalora.linear.LinearSweep;
import dev.metalora.progress.InterruptedRunException;
import dev.metalora.progress.Progress;
import dev.metalora.results.Json;
import dev.metalora.runner.Runner;
import dev.metalora.shallow.ShallowComparison;
import dev.metalora.shallow.ShallowExperiment;
import dev.metalora.shallow.ShallowSweep;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** SparkRunner in local mode: one embedded context (local[2]) for the whole class. */
class SparkRunnerTest {
    private static SparkRunner spark;

    @BeforeAll
    static void start() {
        spark = SparkRunner.local(2);
        spark.context();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** A small T sweep (fine-tuning shortened: it does not touch the bases being compared). */
    private static LinearExperiment smallLinear() {
        return Experiments.linear().samples(500).outerSteps(150).fineTuneSteps(150).trials(2);
    }

    /** The JSON without wall-clock times, which are the only thing allowed to differ. */
    static JsonNode withoutSeconds(JsonNode n) {
        JsonNode copy = n.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove("seconds");
        }
        n.forEach(SparkRunnerTest::strip);
    }

    @Test
    void linearSweepOnSparkEqualsTheLocalPoolExactly() throws Exception {
        LinearSweep local = smallLinear().vary("tasks", 2, 3, 5).on(Runner.local(2)).progress(Progress.none()).run();
        LinearSweep onSpark = smallLinear().vary("tasks", 2, 3, 5).on(spark).progress(Progress.none()).run();
        JsonNode a = withoutSeconds(Json.mapper().readTree(Json.write(local.toJson())));
        JsonNode b = withoutSeconds(Json.mapper().readTree(Json.write(onSpark.toJson())));
        assertEquals(3, b.get("runs").size());
        assertEquals(a, b);
    }

    private static ShallowExperiment tinyShallow() {
        return Experiments.shallow().dim(3).samples(20).testSamples(10).epochs(40).fineTuneEpochs(20).lr(1e-2)
                .progress(Progress.none());
    }

    /**
     * DJL jobs are exclusive (one per JVM at a time), so local mode gives the shallow comparison one
     * job, as the local pool does: the same trials in the same stacked network, equal to the bit.
     */
    @Test
    void twoSeedShallowRunOnSparkEqualsTheLocalPoolExactly() throws Exception {
        ShallowComparison local = tinyShallow().trials(2).on(Runner.local(2)).run();
        ShallowComparison onSpark = tinyShallow().trials(2).on(spark).run();
        assertEquals(withoutSeconds(Json.mapper().readTree(Json.write(local.toJson()))),
                withoutSeconds(Json.mapper().readTree(Json.write(onSpark.toJson()))));
        assertArrayEquals(local.loraMl().testLossCurves(), onSpark.loraMl().testLossCurves());
        assertArrayEquals(local.standard().baseDistanceCurves(), onSpark.standard().baseDistanceCurves());
    }

    /** Two values, two exclusive jobs on two task threads: they take turns (one GradientCollector per JVM). */
    @Test
    void shallowSweepOnSparkEqualsTheLocalPoolExactly() throws Exception {
        ShallowSweep local = tinyShallow().trials(2).vary("dim", 2, 3).on(Runner.local(2)).run();
        ShallowSweep onSpark = tinyShallow().trials(2).vary("dim", 2, 3).on(spark).run();
        assertEquals(withoutSeconds(Json.mapper().readTree(Json.write(local.toJson()))),
                withoutSeconds(Json.mapper().readTree(Json.write(onSpark.toJson()))));
    }

    /** The listener steps the caller's progress as tasks finish: one job done shows while the other still runs. */
    @Test
    void progressCountsTheJobsDoneOfTheTotalWhileTheyRun() throws Exception {
        List<Long> totals = new ArrayList<>();
        AtomicLong steps = new AtomicLong();
        AtomicReference<Boolean> closed = new AtomicReference<>(false);
        Progress recording = new Progress() {
            @Override
            public synchronized void start(String label, long total) {
                totals.add(total);
            }

            @Override
            public void step(long n) {
                steps.addAndGet(n);
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        TestJobs.Gated.GATE = new java.util.concurrent.CountDownLatch(1);
        AtomicReference<List<Integer>> results = new AtomicReference<>();
        Thread caller = new Thread(() -> results.set(spark.run("gated", List.of(0, 1), new TestJobs.Gated(), recording)));
        caller.start();
        long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (steps.get() < 1 && System.nanoTime() < wait) {
            Thread.sleep(10);
        }
        assertEquals(1, steps.get(), "the first job's step, while the second waits");
        TestJobs.Gated.GATE.countDown();
        caller.join(20_000);
        assertEquals(List.of(0, 1), results.get());
        assertEquals(List.of(2L), totals);
        assertEquals(2, steps.get());
        assertFalse(closed.get(), "the caller owns the progress and closes it");
    }

    @Test
    void failingJobArrivesWithItsOwnTypeAndMessage() {
        TestJobs.TrainingDiverged e = assertThrows(TestJobs.TrainingDiverged.class,
                () -> spark.run("failing", List.of(1, 2, 3), new TestJobs.FailsOnTwo(), Progress.none()));
        assertEquals("loss diverged at step 17 (config 2); lower the learning rate", e.getMessage());
    }

    @Test
    void interruptCancelsTheRunningTasksWithinFiveSeconds() throws Exception {
        TestJobs.UntilInterrupted.STARTED.set(0);
        TestJobs.UntilInterrupted.STOPPED.set(0);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                spark.run("until interrupted", List.of(1, 2), new TestJobs.UntilInterrupted(), Progress.none());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (TestJobs.UntilInterrupted.STARTED.get() < 2 && System.nanoTime() < wait) {
            Thread.sleep(10);
        }
        assertEquals(2, TestJobs.UntilInterrupted.STARTED.get(), "both tasks running");
        long t0 = System.nanoTime();
        caller.interrupt();
        caller.join(5000);
        assertFalse(caller.isAlive(), "run() returned within 5 s of the interrupt");
        while (TestJobs.UntilInterrupted.STOPPED.get() < 2 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5)) {
            Thread.sleep(10);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(2, TestJobs.UntilInterrupted.STOPPED.get(), "both running tasks stopped");
        assertTrue(seconds < 5, "cancelled in " + seconds + " s");
        assertInstanceOf(InterruptedRunException.class, thrown.get());
        // the context still works afterwards
        assertEquals(List.of(9), spark.run("after", List.of(3), new TestJobs.FailsOnTwo(), Progress.none()));
    }

    @Test
    void nonSerializableTaskFamilyIsNamedWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spark.run("family", List.of(new TestJobs.ConfigWithFamily()), new TestJobs.UsesFamily(), Progress.none()));
        assertTrue(e.getMessage().contains(TestJobs.Family.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("make Family implement java.io.Serializable"), e.getMessage());
    }

    @Test
    void unreachableMasterFailsFastNamingTheUrl() {
        long t0 = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkRunner.cluster("spark://127.0.0.1:1").run("x", List.of(1), new TestJobs.FailsOnTwo(), Progress.none()));
        assertTrue(e.getMessage().contains("spark://127.0.0.1:1"), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 30);
        // the embedded context of this class was left running
        assertFalse(spark.context().isStopped());
    }

    @Test
    void jvmWithoutTheFlagsIsToldWhichAndWhere() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), JvmFlags.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), out);
        assertTrue(out.contains("kernelspec"), out);
        assertTrue(JvmFlags.missing().isEmpty(), "this test JVM has them: " + JvmFlags.missing());
    }
}
