package dev.metalora.experiment;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.metalora.nn.Devices;
import dev.metalora.nn.NnRuntime;
import dev.metalora.peft.OptimizerSpec;
import dev.metalora.nn.shallow.ShallowFineTuning;
import dev.metalora.nn.shallow.ShallowRetraining;
import dev.metalora.nn.shallow.ShallowSample;
import dev.metalora.nn.shallow.ShallowTaskFamily;
import dev.metalora.nn.shallow.ShallowTrials;
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
 * the paper's protocol, so {@code shallow().run()} reproduces it (about 2 minutes for its 10 trials
 * on one CPU thread: every method and trial trains at once as one stacked network, see
 * {@link ShallowTrials}); {@link #quick()} shrinks it for a first look.
 *
 * <pre>{@code
 * ShallowComparison r = Experiments.shallow().trials(3).run();
 * ShallowSweep byDim = Experiments.shallow().quick().vary("dim", 5, 10, 20).run();
 * }</pre>
 */
public final class ShallowExperiment {
    /** The learning rate of {@link #quick()}. */
    public static final double QUICK_LR = 1e-2;
    private static final int FAMILY_STREAM = 100, DATA_STREAM = 200, INIT_STREAM = 300, FINE_TUNE_STREAM = 400;

    private int dim = 10;
    private int tasks = 3;
    private int rank = 1;
    private int samples = 1000;
    private int testSamples = 100;
    private double noise = ShallowTaskFamily.DEFAULT_NOISE;
    private int epochs = ShallowRetraining.DEFAULT_EPOCHS;
    private Integer fineTuneRank;
    private int fineTuneEpochs = ShallowFineTuning.DEFAULT_EPOCHS;
    private double lr = ShallowRetraining.DEFAULT_LR;
    private int trials = 10;
    private long seed = 1;
    private String device = "cpu";
    private Progress progress;

    /** Use {@code dev.metalora.Experiments.shallow()}. */
    public ShallowExperiment() {
    }

    ShallowExperiment copy() {
        ShallowExperiment e = new ShallowExperiment();
        e.dim = dim;
        e.tasks = tasks;
        e.rank = rank;
        e.samples = samples;
        e.testSamples = testSamples;
        e.noise = noise;
        e.epochs = epochs;
        e.fineTuneRank = fineTuneRank;
        e.fineTuneEpochs = fineTuneEpochs;
        e.lr = lr;
        e.trials = trials;
        e.seed = seed;
        e.device = device;
        e.progress = progress;
        return e;
    }

    /** Dimension d of the input and of the hidden layer (default 10). */
    public ShallowExperiment dim(int d) {
        this.dim = d;
        return this;
    }

    /** Number of retraining tasks T (default 3). */
    public ShallowExperiment tasks(int t) {
        this.tasks = t;
        return this;
    }

    /** Rank k of the ground-truth adapters and of LoRA-ML's per-task adapters (default 1). */
    public ShallowExperiment rank(int k) {
        this.rank = k;
        return this;
    }

    /** Samples N per retraining task (default 1000). */
    public ShallowExperiment samples(int n) {
        this.samples = n;
        return this;
    }

    /** Samples n of the unseen task: fine-tuning data and where the clean error is measured (default 100). */
    public ShallowExperiment testSamples(int n) {
        this.testSamples = n;
        return this;
    }

    /** Standard deviation of the output noise (default 0.1). */
    public ShallowExperiment noise(double s) {
        this.noise = s;
        return this;
    }

    /** Full-batch retraining epochs, both methods (default 40000). */
    public ShallowExperiment epochs(int n) {
        this.epochs = n;
        return this;
    }

    /** Rank of the fine-tuning adapter (default k, or 3k when T = 2, as the reference). */
    public ShallowExperiment fineTuneRank(int r) {
        this.fineTuneRank = r;
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

    /** Independent trials (default 10). */
    public ShallowExperiment trials(int n) {
        this.trials = n;
        return this;
    }

    /** Seed of everything random (default 1). */
    public ShallowExperiment seed(long s) {
        this.seed = s;
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

    /** Where progress goes (default: {@link Progress#auto()}: a bar for runs longer than about a second). */
    public ShallowExperiment progress(Progress p) {
        this.progress = p;
        return this;
    }

    Progress progressOrAuto() {
        return progress != null ? progress : Progress.auto();
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
        this.trials = 2;
        return this;
    }

    /** The configuration this builder would run (validated). */
    public ShallowConfig config() {
        int r = fineTuneRank != null ? fineTuneRank : ShallowConfig.defaultFineTuneRank(dim, tasks, rank);
        return new ShallowConfig(dim, tasks, rank, samples, testSamples, noise, epochs, r, fineTuneEpochs, lr, trials,
                seed, device);
    }

    /**
     * A sweep over one parameter, the others as set here: {@code dim}, {@code tasks}, {@code rank},
     * {@code samples}, {@code testSamples}, {@code epochs} or {@code fineTuneEpochs}
     * ({@link ShallowParameter}); e.g. the paper's {@code vary("dim", 5, 10, 20)} and
     * {@code vary("tasks", 2, 3, 5, 10)}.
     */
    public ShallowSweepExperiment vary(String parameter, Number... values) {
        return new ShallowSweepExperiment(copy(), parameter, values);
    }

    /** Runs the comparison. */
    public ShallowComparison run() {
        ShallowConfig c = config();
        try (Progress p = progressOrAuto()) {
            p.start(label(c), work(c));
            return compute(c, p);
        }
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
        long start = System.nanoTime();
        Device device = Devices.pytorch(c.device());
        OptimizerSpec adamW = OptimizerSpec.adamW(c.lr());
        var loraMl = ShallowRetraining.loraMl(c.rank()).withEpochs(c.epochs()).withOptimizer(adamW);
        var standard = ShallowRetraining.standard().withEpochs(c.epochs()).withOptimizer(adamW);
        var fineTuning = ShallowFineTuning.of(c.fineTuneRank()).withEpochs(c.fineTuneEpochs()).withOptimizer(adamW);
        List<ShallowRetraining> methods = List.of(loraMl, standard);
        List<ShallowTrials.Trial> trials = new ArrayList<>();
        for (int trial = 0; trial < c.trials(); trial++) {
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
        // Every method and trial in one batched network: trials are independent, the per-step cost is shared.
        List<List<ShallowTrials.Curves>> curves;
        try (NDManager root = NnRuntime.newManager(device)) {
            curves = ShallowTrials.run(methods, fineTuning, trials, root, progress);
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
            String stem = "shallow-" + (sweep.parameter() == ShallowParameter.DIM ? "dim" : "tasks");
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
