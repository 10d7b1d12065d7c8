package dev.metalora.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metalora.Experiments;
import dev.metalora.linear.LinearExperiment;
import dev.metalora.linear.LinearSweep;
import dev.metalora.progress.Progress;
import dev.metalora.results.Json;
import dev.metalora.runner.Runner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A real standalone cluster on 127.0.0.1: a Master and a Worker started from Spark's jars alone
 * (the SPARK_HOME/jars a cluster has), so metalora's classes reach the executor only through the
 * jars SparkRunner ships. Started and stopped here, bounded in time.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StandaloneClusterTest {
    private static Path home;
    private static Process master;
    private static Process worker;
    private static SparkRunner cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        home = Files.createTempDirectory("metalora-standalone");
        Path jars = Files.createDirectories(home.resolve("jars"));
        Set<String> spark = SparkJars.sparkJarNames();
        List<String> classPath = new ArrayList<>();
        for (Path entry : SparkJars.classPath()) {
            if (spark.contains(entry.getFileName().toString())) {
                Files.createSymbolicLink(jars.resolve(entry.getFileName()), entry);
                classPath.add(entry.toString());
            }
        }
        assertTrue(classPath.size() > 100, "Spark's jars found on the class path: " + classPath.size());
        int port = freePort();
        master = start("master", String.join(File.pathSeparator, classPath), "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort()));
        awaitPort(port, master);
        String url = "spark://127.0.0.1:" + port;
        worker = start("worker", String.join(File.pathSeparator, classPath), "org.apache.spark.deploy.worker.Worker",
                "--host", "127.0.0.1", "--port", Integer.toString(freePort()), "--webui-port", Integer.toString(freePort()),
                "--cores", "2", "--memory", "2g", "--work-dir", home.resolve("work").toString(), url);
        // a generous wait: on a loaded machine a Worker and its executor JVM take a while to start
        cluster = SparkRunner.cluster(url).conf("spark.executor.memory", "1g").startTimeout(java.time.Duration.ofSeconds(150));
        try {
            cluster.context(); // waits for the executor
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage() + "\nworker log:\n" + tail(log("worker")) + "\nmaster log:\n" + tail(log("master")), e);
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (cluster != null) {
                cluster.stop();
            }
        } finally {
            stop(worker);
            stop(master);
            if (home != null) {
                try (Stream<Path> files = Files.walk(home)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void linearSweepOnAStandaloneClusterEqualsTheLocalPool() throws Exception {
        // tiny: what is tested is that the jobs run on the executor and come back equal
        LinearSweep onCluster = tiny().vary("tasks", 2, 3, 5).on(cluster).progress(Progress.none()).run();
        LinearSweep local = tiny().vary("tasks", 2, 3, 5).on(Runner.local(2)).progress(Progress.none()).run();
        JsonNode a = SparkRunnerTest.withoutSeconds(Json.mapper().readTree(Json.write(local.toJson())));
        JsonNode b = SparkRunnerTest.withoutSeconds(Json.mapper().readTree(Json.write(onCluster.toJson())));
        assertEquals(a, b);
        // it ran on the worker's executor, not in this JVM
        assertTrue(cluster.context().statusTracker().getExecutorInfos().length >= 2);
        assertTrue(Files.exists(home.resolve("work")), "the worker made its work folder");
    }

    @Test
    void failingJobOnAnExecutorArrivesWithItsOwnTypeAndMessage() {
        TestJobs.TrainingDiverged e = assertThrows(TestJobs.TrainingDiverged.class,
                () -> cluster.run("failing", List.of(1, 2), new TestJobs.FailsOnTwo(), Progress.none()));
        assertEquals("loss diverged at step 17 (config 2); lower the learning rate", e.getMessage());
    }

    @Test
    void shippedJarsHoldMetaloraButNotSpark() {
        List<String> shipped = SparkJars.forExecutors();
        assertTrue(shipped.stream().noneMatch(j -> j.contains("spark-core_")), shipped.toString());
        assertTrue(shipped.stream().anyMatch(j -> j.contains("nd4j-native")), shipped.toString());
    }

    private static LinearExperiment tiny() {
        return Experiments.linear().samples(200).outerSteps(50).fineTuneSteps(50).trials(1);
    }

    private static Process start(String name, String classPath, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("-Xmx512m");
        command.addAll(JvmFlags.all());
        command.add("-cp");
        command.add(classPath);
        command.add(main);
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile());
        b.environment().put("SPARK_HOME", home.toString());
        b.environment().put("SPARK_SCALA_VERSION", "2.13");
        b.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return b.start();
    }

    private static void stop(Process p) throws InterruptedException {
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process p) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            assertTrue(p.isAlive(), () -> "master exited: " + log("master"));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        fail("master did not listen on " + port + " within 60 s: " + log("master"));
    }

    private static String tail(String log) {
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }

    private static String log(String name) {
        try {
            return Files.readString(home.resolve(name + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
