package dev.metalora.spark;

import dev.metalora.progress.InterruptedRunException;
import dev.metalora.progress.Progress;
import dev.metalora.runner.Job;
import dev.metalora.runner.Jobs;
import dev.metalora.runner.Runner;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/**
 * A {@link Runner} on Apache Spark: each job of a sweep or experiment is one Spark task.
 * {@code Experiments.linear().vary("tasks", 2, 3, 5).on(SparkRunner.local()).run()}.
 *
 * <ul>
 *   <li>{@link #local()}, {@link #local(int)}: Spark embedded in this JVM, every port on 127.0.0.1,
 *       no web UI (unless {@link #ui(boolean) asked for});</li>
 *   <li>{@link #cluster(String)}: a cluster's master ({@code spark://host:7077}, {@code yarn},
 *       {@code k8s://https://host:port}); the jars of metalora and its dependencies
 *       ({@link SparkJars#forExecutors()}) go to the executors with {@code spark.jars};</li>
 *   <li>{@link #using(SparkContext)}: a context someone else made (spark-submit, Databricks);
 *       its owner ships the jars and stops it.</li>
 * </ul>
 *
 * <p>One Spark context per JVM: the runners made here share it, and a runner whose settings differ
 * from the running context's stops it and starts its own. Jobs fail once, not four times
 * ({@code spark.task.maxFailures} 1: training failures are deterministic). Results come back in
 * input order; the first failing job's exception reaches the caller with its original type and
 * message; interrupting the calling thread (a notebook's stop button) cancels the run's Spark job
 * group, running tasks included; the caller's progress counts the jobs done of the total, from a
 * {@code SparkListener}.
 */
public final class SparkRunner implements Runner {
    private static final Object CONTEXTS = new Object();
    private static SparkContext owned;
    private static Map<String, String> ownedConf;
    private static final Map<SparkContext, JobGroupProgress> LISTENERS = new java.util.WeakHashMap<>();

    static {
        // Spark logs through SLF4J; metalora binds it to slf4j-simple, whose default is INFO for all.
        // A failing job's exception reaches the caller: Spark's own report of it would say it twice.
        quiet("org.apache.spark", "warn");
        quiet("org.apache.spark.executor.Executor", "off");
        quiet("org.apache.spark.scheduler.TaskSetManager", "off");
        quiet("org.sparkproject", "warn");
        quiet("org.apache.hadoop", "error");
        quiet("io.netty", "warn");
        if (System.getProperty("io.netty.tryReflectionSetAccessible") == null) {
            System.setProperty("io.netty.tryReflectionSetAccessible", "true");
        }
    }

    private final String master;
    private final SparkContext given;
    private final Map<String, String> conf = new LinkedHashMap<>();
    private Duration startTimeout;

    private SparkRunner(String master, SparkContext given) {
        this.master = master;
        this.given = given;
    }

    /** Spark embedded in this JVM with a thread per core ({@code local[*]}). */
    public static SparkRunner local() {
        return new SparkRunner("local[*]", null).loopback();
    }

    /** Spark embedded in this JVM with {@code threads} task threads ({@code local[threads]}). */
    public static SparkRunner local(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " must be at least 1");
        }
        return new SparkRunner("local[" + threads + "]", null).loopback();
    }

    /**
     * A cluster: {@code spark://host:7077} (standalone; several masters comma-separated), {@code yarn},
     * {@code k8s://https://host:port}. The master is checked at the first run: one that cannot be
     * reached fails within about 10 s, one that gives no executor within {@link #startTimeout} (30 s
     * for standalone, 120 s otherwise) fails then, naming the URL.
     */
    public static SparkRunner cluster(String masterUrl) {
        if (masterUrl == null || masterUrl.isBlank()) {
            throw new IllegalArgumentException("masterUrl: must be set, got " + (masterUrl == null ? "null" : "\"\"")
                    + "; give spark://host:7077, yarn or k8s://https://host:port");
        }
        if (masterUrl.startsWith("local")) {
            throw new IllegalArgumentException("masterUrl: " + masterUrl + " is local mode; use SparkRunner.local() or local(n)");
        }
        SparkRunner r = new SparkRunner(masterUrl.strip(), null);
        if (loopbackMaster(r.master)) {
            r.loopback();
        }
        return r;
    }

    /** A context made elsewhere (spark-submit, a Databricks notebook, a test): used as it is, never stopped here. */
    public static SparkRunner using(SparkContext context) {
        if (context == null || context.isStopped()) {
            throw new IllegalArgumentException("context: " + (context == null ? "null" : "stopped")
                    + "; give a running SparkContext (SparkContext.getOrCreate(), or JavaSparkContext.sc())");
        }
        return new SparkRunner(context.master(), context);
    }

    /** {@link #using(SparkContext)} for a {@link JavaSparkContext}. */
    public static SparkRunner using(JavaSparkContext context) {
        return using(context == null ? null : context.sc());
    }

    /** Any Spark setting ({@code spark.executor.memory}, GPU scheduling: see the module's README), before the first run. */
    public SparkRunner conf(String key, String value) {
        requireOwnContext(key);
        if (key == null || !key.startsWith("spark.") || value == null) {
            throw new IllegalArgumentException("conf: key " + key + ", value " + value
                    + "; give a Spark setting (spark.something) and its value");
        }
        conf.put(key, value);
        return this;
    }

    /** Spark's web UI on (port 4040, or the next free one); off by default. */
    public SparkRunner ui(boolean on) {
        return conf("spark.ui.enabled", Boolean.toString(on));
    }

    /** How often Spark tries a failing task (default 1: a training failure is deterministic). */
    public SparkRunner maxFailures(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts: " + attempts + " must be at least 1");
        }
        return conf("spark.task.maxFailures", Integer.toString(attempts));
    }

    /** How long a cluster may take to give the first executor before the run fails (see {@link #cluster}). */
    public SparkRunner startTimeout(Duration timeout) {
        requireOwnContext("startTimeout");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " must be positive");
        }
        this.startTimeout = timeout;
        return this;
    }

    /** The master URL ({@code local[2]}, {@code spark://host:7077}, ...). */
    public String master() {
        return master;
    }

    /** The Spark context the jobs run on, started now if it is not running. */
    public SparkContext context() {
        if (given != null) {
            if (given.isStopped()) {
                throw new IllegalStateException("the SparkContext given to SparkRunner.using was stopped");
            }
            return given;
        }
        synchronized (CONTEXTS) {
            Map<String, String> settings = settings();
            if (owned != null && !owned.isStopped() && settings.equals(ownedConf)) {
                return owned;
            }
            JvmFlags.require();
            if (!master.startsWith("local")) {
                checkReachable(master);
            }
            if (owned != null) {
                owned.stop();
                owned = null;
            }
            SparkConf sparkConf = new SparkConf(false);
            settings.forEach(sparkConf::set);
            SparkContext sc = startWithOurClassLoader(sparkConf);
            if (!master.startsWith("local")) {
                awaitExecutor(sc);
            }
            owned = sc;
            ownedConf = settings;
            return sc;
        }
    }

    /** Stops the Spark context if this runner's settings started it (a context given to {@link #using} stays). */
    public void stop() {
        if (given != null) {
            return;
        }
        synchronized (CONTEXTS) {
            if (owned != null && settings().equals(ownedConf)) {
                owned.stop();
                owned = null;
                ownedConf = null;
            }
        }
    }

    @Override
    public int parallelism() {
        if (master.matches("local\\[\\d+]")) {
            return Integer.parseInt(master.substring(6, master.length() - 1));
        }
        if (master.equals("local[*]")) {
            return Runtime.getRuntime().availableProcessors();
        }
        return Math.max(1, context().defaultParallelism());
    }

    /**
     * An {@link Job#exclusive() exclusive} (DJL) job runs one at a time per JVM: 1 in local mode, one
     * per executor on a cluster.
     */
    @Override
    public int parallelism(Job<?, ?> job) {
        if (!job.exclusive()) {
            return parallelism();
        }
        if (master.startsWith("local")) {
            return 1;
        }
        return Math.max(1, context().statusTracker().getExecutorInfos().length - 1); // less the driver
    }

    @Override
    public <C extends Serializable, R extends Serializable> List<R> run(String label, List<C> configs, Job<C, R> job,
                                                                        Progress progress) {
        if (configs == null || configs.isEmpty()) {
            throw new IllegalArgumentException("configs: no jobs to run; give at least one configuration");
        }
        if (job == null) {
            throw new IllegalArgumentException("job: must be set, got null");
        }
        JvmFlags.require();
        requireSerializable("job", job);
        for (int i = 0; i < configs.size(); i++) {
            requireSerializable("configs[" + i + "]", configs.get(i));
        }
        SparkContext sc = context();
        JobGroupProgress listener = listener(sc);
        Progress shown = progress == null ? Progress.none() : progress;
        shown.start(label, configs.size());
        String group = "metalora-" + UUID.randomUUID();
        JobGroupProgress.Run tracked = listener.track(group, shown, configs.size());
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(SparkRunner.class.getClassLoader());
        sc.setJobGroup(group, label, true);
        try {
            JavaFutureAction<List<R>> future = JavaSparkContext.fromSparkContext(sc)
                    .parallelize(new ArrayList<>(configs), configs.size())
                    .map(new RunJob<>(job))
                    .collectAsync();
            try {
                List<R> out = new ArrayList<>(future.get());
                tracked.complete();
                return out;
            } catch (InterruptedException e) {
                sc.cancelJobGroup(group);
                future.cancel(true);
                stopped(tracked);
                throw new InterruptedRunException(label + " interrupted: its Spark job group was cancelled");
            } catch (ExecutionException e) {
                throw rethrown(label, e.getCause());
            } catch (CancellationException e) {
                throw new InterruptedRunException(label + " cancelled on Spark (job group " + group + ")");
            }
        } finally {
            sc.clearJobGroup();
            listener.untrack(group);
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Override
    public String toString() {
        return "SparkRunner(" + master + ")";
    }

    /** A job applied on an executor: what Spark ships. */
    private static final class RunJob<C extends Serializable, R extends Serializable> implements Function<C, R> {
        private static final long serialVersionUID = 1L;
        private final Job<C, R> job;

        RunJob(Job<C, R> job) {
            this.job = job;
        }

        @Override
        public R call(C config) {
            return Jobs.run(job, config, Progress.none());
        }
    }

    // ---- settings and context start

    private SparkRunner loopback() {
        // bound to 127.0.0.1 below, so Spark's warning that the host name resolves to loopback is moot
        quiet("org.apache.spark.util.Utils", "error");
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        conf.put("spark.driver.host", "127.0.0.1");
        return this;
    }

    private Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("spark.master", master);
        s.put("spark.app.name", "metalora");
        s.put("spark.ui.enabled", "false");
        s.put("spark.task.maxFailures", "1");
        s.put("spark.ui.showConsoleProgress", "false");
        if (!master.startsWith("local")) {
            s.put("spark.jars", String.join(",", SparkJars.forExecutors()));
        }
        s.putAll(conf);
        return s;
    }

    private void requireOwnContext(String what) {
        if (given != null) {
            throw new IllegalStateException(what + ": this runner uses a SparkContext made elsewhere; set it on"
                    + " that context's SparkConf before it starts");
        }
    }

    private static SparkContext startWithOurClassLoader(SparkConf conf) {
        // Spark's local executor loads classes through the context class loader of the thread that
        // starts it; in a notebook kernel that must be the loader that has metalora (%maven).
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(SparkRunner.class.getClassLoader());
        try {
            return new SparkContext(conf);
        } catch (Exception e) { // Scala code: SparkException arrives unchecked
            if (String.valueOf(e.getMessage()).contains("Only one SparkContext")) {
                throw new IllegalStateException("a SparkContext made elsewhere is running in this JVM, and Spark"
                        + " allows one per JVM: use SparkRunner.using(thatContext), or stop it first", e);
            }
            throw e instanceof RuntimeException re ? re : new IllegalStateException("starting Spark (" + conf.get("spark.master") + "): " + e.getMessage(), e);
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    private static boolean loopbackMaster(String url) {
        if (!url.startsWith("spark://")) {
            return false;
        }
        String host = url.substring("spark://".length()).split("[:,]")[0];
        return host.equals("127.0.0.1") || host.equals("localhost");
    }

    /** A standalone or Kubernetes master that does not answer fails here, naming it, not after minutes of retries. */
    private static void checkReachable(String url) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        if (url.startsWith("spark://")) {
            for (String hostPort : url.substring("spark://".length()).split(",")) {
                int colon = hostPort.lastIndexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("masterUrl: " + url + " has no port in " + hostPort
                            + "; give spark://host:7077");
                }
                try {
                    addresses.add(InetSocketAddress.createUnresolved(hostPort.substring(0, colon),
                            Integer.parseInt(hostPort.substring(colon + 1))));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("masterUrl: " + url + " has a port that is not a number: " + hostPort);
                }
            }
        } else if (url.startsWith("k8s://")) {
            URI api = URI.create(url.substring("k8s://".length()));
            int port = api.getPort() > 0 ? api.getPort() : "http".equals(api.getScheme()) ? 80 : 443;
            addresses.add(InetSocketAddress.createUnresolved(api.getHost(), port));
        } else {
            return; // yarn and others: Spark finds the cluster from its configuration
        }
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(a.getHostString(), a.getPort()), 10_000);
                return;
            } catch (IOException e) {
                failures.add(a.getHostString() + ":" + a.getPort() + " (" + e + ")");
            }
        }
        throw new IllegalArgumentException("masterUrl: cannot reach the Spark master " + url + ": "
                + String.join(", ", failures) + ". Is the master running, and is this the URL its log and web UI"
                + " show (spark://HOST:7077)?");
    }

    private void awaitExecutor(SparkContext sc) {
        Duration timeout = startTimeout != null ? startTimeout
                : master.startsWith("spark://") ? Duration.ofSeconds(30) : Duration.ofSeconds(120);
        long end = System.nanoTime() + timeout.toNanos();
        // getExecutorInfos lists the driver too
        while (sc.statusTracker().getExecutorInfos().length < 2) {
            if (System.nanoTime() > end || sc.isStopped()) {
                sc.stop();
                throw new IllegalStateException("the Spark master " + master + " gave no executor within "
                        + timeout.toSeconds() + " s: are its workers running, with the cores and memory asked for"
                        + " (spark.executor.cores, spark.executor.memory, default 1g) free? (startTimeout sets the wait)");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                sc.stop();
                throw new InterruptedRunException("waiting for the executors of " + master + " interrupted");
            }
        }
    }

    private static JobGroupProgress listener(SparkContext sc) {
        synchronized (LISTENERS) {
            return LISTENERS.computeIfAbsent(sc, c -> {
                JobGroupProgress l = new JobGroupProgress();
                c.addSparkListener(l);
                return l;
            });
        }
    }

    // ---- failures

    /** Serialises {@code value} as Spark will, so that a class that cannot travel is named before anything runs. */
    static void requireSerializable(String what, Object value) {
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(what + " (" + value.getClass().getName() + ") refers to "
                    + e.getMessage() + ", which is not Serializable: make " + simpleName(e.getMessage())
                    + " implement java.io.Serializable (with Serializable fields), since everything a job needs"
                    + " travels to Spark's executors. A job must be a library class, not a lambda from a notebook cell.");
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " (" + value.getClass().getName() + ") cannot be serialised: " + e, e);
        }
    }

    private static String simpleName(String className) {
        return className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
    }

    /** The job's own exception (Spark wraps it in SparkExceptions); Spark's own failure otherwise. */
    private static RuntimeException rethrown(String label, Throwable failure) {
        Throwable t = failure;
        while (t instanceof SparkException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        String message = String.valueOf(t.getMessage());
        if (message.contains("not serializable result")) {
            return new IllegalArgumentException(label + ": a job's result is not Serializable (" + message
                    + "); make the result class implement java.io.Serializable", t);
        }
        return new IllegalStateException(label + " failed on Spark: " + message, t);
    }

    private static void stopped(JobGroupProgress.Run run) {
        try {
            run.awaitStopped(5_000);
        } catch (InterruptedException e) {
            // interrupted twice: return at once
        }
    }

    private static void quiet(String logger, String level) {
        String key = "org.slf4j.simpleLogger.log." + logger;
        if (System.getProperty(key) == null) {
            System.setProperty(key, level);
        }
    }
}
