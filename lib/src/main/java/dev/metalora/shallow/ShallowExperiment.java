package dev.metalora.shallow;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.metalora.nn.Devices;
import dev.metalora.nn.NnRuntime;
import dev.metalora.peft.OptimizerSpec;
import dev.metalora.shallow.ShallowFineTuning;
import dev.metalora.shallow.ShallowRetraining;
import dev.metalora.shallow.ShallowSample;
import dev.metalora.shallow.ShallowTaskFamily;
import dev.metalora.shallow.ShallowTrials;
import dev.metalora.core.LowRankExperiment;
import dev.metalora.core.JobPlan;
import dev.metalora.core.Parameters;
import dev.metalora.core.TrialChunk;
import dev.metalora.progress.Progress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builder of the shallow-network comparison (PAPER.md, "Shallow network setting"): retrain the
 * network {@code c^T sigmoid(A x)} with LoRA-ML (one rank-k adapter per task) and with standard
 * retraining on T tasks, fine-tune both with a new LoRA adapter on an unseen task from the same
 * initial adapter, repeat over trials (fresh tasks, data and initial weights each). Every default is
 * the paper's protocol, so {@code shallow().run()} reproduces it (about 32 s for its 10 trials on
 * the project's 2-core machine: every (method, trial) network on the plain-Java engine, one per
 * core, see {@link ShallowTrials}; {@code ./environment/bench shallow}); {@link #quick()} shrinks it
 * for a first look.
 *
 * <pre>{@code
 * ShallowComparison r = Experiments.shallow().trials(3).run();
 * ShallowSweep byDim = Experiments.shallow().quick().vary("dim", 5, 10, 20).run();
 * }</pre>
 */
public final class ShallowExperiment extends LowRankExperiment<ShallowExperiment, ShallowConfig, ShallowComparison> {
    /** The parameters {@link #vary} takes: dim, tasks, rank, samples, testSamples, epochs, fineTuneEpochs. */
    public static final Parameters<ShallowExperiment, ShallowConfig> PARAMETERS = parameters(ShallowExperiment.class,
            ShallowConfig.class, "epochs", "retraining epochs E", "fineTuneEpochs", "fine-tuning epochs F");
    /** The learning rate of {@link #quick()}. */
    public static final double QUICK_LR = 1e-2;
    private static final int FAMILY_STREAM = 100, DATA_STREAM = 200, INIT_STREAM = 300, FINE_TUNE_STREAM = 400;

    private int epochs = ShallowRetraining.DEFAULT_EPOCHS;
    private int fineTuneEpochs = ShallowFineTuning.DEFAULT_EPOCHS;
    private double lr = ShallowRetraining.DEFAULT_LR;
    private String device = "cpu";
    private ShallowTrials.Engine engine = ShallowTrials.Engine.AUTO;
    private int threads = ShallowTrials.defaultThreads();

    /** Use {@code dev.metalora.Experiments.shallow()}. */
    public ShallowExperiment() {
        super(1000, ShallowTaskFamily.DEFAULT_NOISE, 10);
    }

    /** Full-batch retraining epochs, both methods (default 40000). */
    public ShallowExperiment epochs(int n) {
        this.epochs = n;
        return this;
    }

    /** Full-batch fine-tuning epochs (default 15000). */
    public ShallowExperiment fineTuneEpochs(int n) {
        this.fineTuneEpochs = n;
        return this;
    }

    /** AdamW learning rate of retraining and fine-tuning (default 1e-3). */
    public ShallowExperiment lr(double lr) {
        this.lr = lr;
        return this;
    }

    /**
     * {@code "cpu"} (default) or {@code "gpu"} / {@code "gpu:N"}. A GPU that is not usable here
     * fails now, with a message saying how to enable one (the {@code -Pcuda} profile); the run never
     * falls back to the CPU.
     */
    public ShallowExperiment device(String name) {
        Devices.pytorch(name);
        this.device = Devices.canonical(name);
        return this;
    }

    /**
     * Which implementation trains the networks: {@code "auto"} (default: the plain-Java engine on
     * the CPU, DJL on a GPU), {@code "java"} or {@code "djl"} (DJL's autodiff, the general path).
     * Both give the same numbers to float32 rounding ({@code ShallowKernelTest}); the Java engine is
     * several times faster, needs no PyTorch, and spreads the networks over {@link #threads} cores.
     */
    public ShallowExperiment engine(String name) {
        this.engine = ShallowTrials.Engine.of(name);
        return this;
    }

    /** Threads that train networks at once, for the Java engine (default: every core of this machine). */
    public ShallowExperiment threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads: must be >= 1, got " + n);
        }
        this.threads = n;
        return this;
    }

    /**
     * A reduced protocol for a first look and for notebooks' QUICK mode: a ten times larger
     * learning rate (1e-2) with about ten times fewer epochs (4000 retraining, 2000 fine-tuning) and
     * 2 trials, about 10 s per configuration on one idle thread. Adam's step size scales with the
     * learning rate, so this covers similar ground; at lr 1e-3, 4000 epochs are too few for LoRA-ML to
     * separate from SR. Later calls still override any of these.
     */
    public ShallowExperiment quick() {
        this.lr = QUICK_LR;
        this.epochs = 4000;
        this.fineTuneEpochs = 2000;
        return trials(2);
    }

    /**
     * Runs the comparison. In a notebook the first trial's curves (retraining loss, then the
     * fine-tuning test loss, one per method) are drawn while it trains, above the progress bar, and
     * removed when it ends; the cell then shows the result as usual.
     */
    @Override
    public ShallowComparison run() {
        ShallowConfig c = config();
        return ShallowLive.during("Shallow network, d=" + c.dim() + ", T=" + c.tasks() + ", " + c.trials() + " trials",
                super::run);
    }

    /** The configuration this builder would run (validated). */
    @Override
    public ShallowConfig config() {
        return new ShallowConfig(dim(), tasks(), rank(), samples(), testSamples(), noise(), epochs, fineTuneRank(),
                fineTuneEpochs, lr, trials(), seed(), device, engine, threads);
    }

    /**
     * A sweep over one parameter, the others as set here: {@code dim}, {@code tasks}, {@code rank},
     * {@code samples}, {@code testSamples}, {@code epochs} or {@code fineTuneEpochs}
     * ({@link #PARAMETERS}); e.g. the paper's {@code vary("dim", 5, 10, 20)} and
     * {@code vary("tasks", 2, 3, 5, 10)}.
     */
    public ShallowSweepExperiment vary(String parameter, Number... values) {
        return new ShallowSweepExperiment(this, parameter, values);
    }

    /**
     * The trials of a comparison as jobs: {@link ShallowJob}s of consecutive trials, one per job the
     * runner runs at once (one on this machine: DJL training runs one job per JVM), each trial
     * seeded by its own index, so the result is the same whatever the split.
     */
    @Override
    protected JobPlan<ShallowConfig, TrialChunk<ShallowConfig>, ShallowComparison, ShallowComparison> plan() {
        return JobPlan.trials("shallow", ShallowExperiment::label, ShallowConfig::trials, new ShallowJob(),
                ShallowComparison::concat, ShallowExperiment::work);
    }

    static String label(ShallowConfig c) {
        return "shallow d=" + c.dim() + " T=" + c.tasks() + ": LoRA-ML vs SR";
    }

    /** Steps of one comparison, for progress: every trial and method trains at once, so its epochs. */
    static long work(ShallowConfig c) {
        return (long) c.epochs() + c.fineTuneEpochs();
    }

    /** Runs one comparison, advancing {@code progress} by {@link #work} steps (neither starts nor closes it). */
    static ShallowComparison compute(ShallowConfig c, Progress progress) {
        return compute(new TrialChunk<>(c, 0, c.trials()), progress);
    }

    /**
     * Runs the trials of {@code chunk} of a comparison, each drawn from the seed and its own index,
     * advancing {@code progress} by {@link #work} steps (neither starts nor closes it); the result
     * holds those trials only.
     */
    static ShallowComparison compute(TrialChunk<ShallowConfig> chunk, Progress progress) {
        ShallowConfig c = chunk.config();
        long start = System.nanoTime();
        OptimizerSpec adamW = OptimizerSpec.adamW(c.lr());
        var loraMl = ShallowRetraining.loraMl(c.rank()).withEpochs(c.epochs()).withOptimizer(adamW);
        var standard = ShallowRetraining.standard().withEpochs(c.epochs()).withOptimizer(adamW);
        var fineTuning = ShallowFineTuning.of(c.fineTuneRank()).withEpochs(c.fineTuneEpochs()).withOptimizer(adamW);
        List<ShallowRetraining> methods = List.of(loraMl, standard);
        List<ShallowTrials.Trial> trials = new ArrayList<>();
        for (int trial = chunk.first(); trial < chunk.first() + chunk.count(); trial++) {
            var family = ShallowTaskFamily.sample(c.dim(), c.tasks(), c.rank(), c.noise(),
                    derive(c.seed(), FAMILY_STREAM, trial));
            SplittableRandom rng = new SplittableRandom(derive(c.seed(), DATA_STREAM, trial));
            List<ShallowSample> data = new ArrayList<>();
            for (int t = 0; t < c.tasks(); t++) {
                data.add(family.sample(t, c.samples(), rng));
            }
            ShallowSample unseen = family.sample(family.unseen(), c.testSamples(), rng);
            // Both methods start from the same initial weights and the same fine-tuning adapter.
            trials.add(new ShallowTrials.Trial(family, data, unseen, derive(c.seed(), INIT_STREAM, trial),
                    derive(c.seed(), FINE_TUNE_STREAM, trial)));
        }
        // The Java engine (the CPU default) spreads the networks over the cores and needs no PyTorch;
        // DJL trains every method and trial as one batched network.
        List<List<ShallowTrials.Curves>> curves;
        boolean java = c.engine() == ShallowTrials.Engine.JAVA
                || c.engine() == ShallowTrials.Engine.AUTO && !Devices.isGpu(c.device());
        if (java) {
            curves = ShallowTrials.run(methods, fineTuning, trials, null, progress, ShallowTrials.Engine.JAVA,
                    c.threads());
        } else {
            try (NDManager root = NnRuntime.newManager(Devices.pytorch(c.device()))) {
                curves = ShallowTrials.run(methods, fineTuning, trials, root, progress, c.engine(), c.threads());
            }
        }
        ShallowMethodResult[] r = new ShallowMethodResult[2];
        for (int m = 0; m < 2; m++) {
            List<ShallowTrials.Curves> byTrial = curves.get(m);
            r[m] = new ShallowMethodResult(methods.get(m).method().key(),
                    byTrial.stream().map(ShallowTrials.Curves::trainLoss).toArray(float[][]::new),
                    byTrial.stream().map(ShallowTrials.Curves::baseDistance).toArray(float[][]::new),
                    byTrial.stream().map(ShallowTrials.Curves::fineTuneLoss).toArray(float[][]::new),
                    byTrial.stream().map(ShallowTrials.Curves::cleanError).toArray(float[][]::new));
        }
        return new ShallowComparison(c, r[0], r[1], (System.nanoTime() - start) / 1e9);
    }

    /** The values of the paper's d sweep (T = 3) and T sweep (d = 10). */
    public static final int[] PAPER_DIMS = {5, 10, 20}, PAPER_TASKS = {2, 3, 5, 10};

    /**
     * The main job's shallow part: the paper's d sweep and T sweep with the paper's protocol (10
     * trials, 40000 + 15000 epochs; about 20 to 25 minutes on one CPU thread) or, with {@code quick}, with
     * {@link #quick()} (a few minutes). Writes {@code results/shallow-dim.json},
     * {@code results/shallow-tasks.json}, {@code figures/shallow-dim.png} and
     * {@code figures/shallow-tasks.png} under {@code out}; returns the paths written.
     */
    public static List<Path> mainJob(Path out, boolean quick) {
        ShallowExperiment base = new ShallowExperiment();
        if (quick) {
            base.quick();
        }
        return mainJob(out, base);
    }

    /** {@link #mainJob(Path, boolean)} from the given settings (the sweeps override dim and tasks). */
    public static List<Path> mainJob(Path out, ShallowExperiment base) {
        List<Path> written = new ArrayList<>();
        for (var sweep : List.of(base.copy().vary("dim", boxed(PAPER_DIMS)), base.copy().vary("tasks", boxed(PAPER_TASKS)))) {
            String stem = "shallow-" + sweep.parameter().key();
            ShallowSweep r = sweep.run();
            written.add(r.save(out.resolve("results").resolve(stem + ".json")));
            written.add(r.plot().savePng(out.resolve("figures").resolve(stem + ".png")));
        }
        return written;
    }

    private static Integer[] boxed(int[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Integer[]::new);
    }

    /** An independent seed for (stream, trial). */
    static long derive(long seed, int stream, int trial) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + trial).nextLong();
    }
}
