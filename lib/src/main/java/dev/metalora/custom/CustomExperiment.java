package dev.metalora.custom;

import dev.metalora.core.Experiment;
import dev.metalora.core.JobPlan;
import dev.metalora.core.Parameters;
import dev.metalora.core.TrialChunk;
import dev.metalora.peft.FineTuneMethod;
import dev.metalora.peft.ModelFactory;
import dev.metalora.peft.RetrainMethod;
import dev.metalora.plot.LiveFigure;
import dev.metalora.plot.LiveRun;
import dev.metalora.runner.Job;

import java.util.Arrays;
import java.util.List;

/**
 * PEFT-based meta-learning on your own model and tasks ({@code Experiments.custom(model, tasks)}):
 * for each trial, the {@link TaskFamily} draws T retraining tasks and the unseen tasks from the
 * trial's seed; the model the {@link ModelFactory} builds (its linear layers made by the
 * {@link dev.metalora.peft.Linears} factory it is given) is retrained with standard retraining (SR),
 * LoRA-ML, last-layer-ML and Reptile from the same initial weights, keeping the epoch with the
 * lowest held-out error; each retrained model is then fine-tuned on every unseen task with a
 * fresh LoRA adapter and with a fresh last layer, and its test error is measured after every
 * fine-tuning epoch. Regression with the mean squared error: a task's data are tensors
 * ({@link TaskData}).
 *
 * <pre>{@code
 * ModelFactory mlp = (linears, seed) -> new SequentialBlock()
 *         .add(linears.linear("hidden1", 1, 40, true, seed)).add(Activation::relu)
 *         .add(linears.linear("hidden2", 40, 40, true, seed + 1)).add(Activation::relu)
 *         .add(linears.head("out", 40, 1, true, seed + 2));
 * CustomComparison r = Experiments.custom(mlp, SineWaves.maml()).run();
 * CustomSweep byRank = Experiments.custom(mlp, SineWaves.maml()).targets("hidden2").vary("rank", 1, 2, 4).run();
 * }</pre>
 *
 * Defaults, sized for small models on a CPU (the sine waves of {@link SineWaves#maml()} with a
 * 1-40-40-1 network: about 7 s of one core per trial): 5 trials; 30 retraining epochs of
 * mini-batches of 25 per task (AdamW, learning rate 1e-2, weight decay 0, cosine schedule); LoRA-ML
 * rank 1 in every linear layer; 100 full-batch fine-tuning epochs (AdamW 3e-2) with a rank-1 adapter; Reptile 10
 * inner SGD steps of 1e-2 per task, outer Adam 1e-2. {@link #quick()} shrinks it to seconds. In a
 * notebook the curves are drawn while it runs (a {@link LiveFigure}) and replaced by
 * {@link CustomComparison#plot()} at the end. Trials run through the {@link dev.metalora.runner.Runner}
 * ({@link #on}); a remote one needs a serialisable model factory and task family.
 */
public final class CustomExperiment extends Experiment<CustomExperiment, CustomConfig, CustomComparison> {
    /** The knobs {@code vary(...)} accepts. */
    static final Parameters<CustomExperiment, CustomConfig> PARAMETERS = Parameters.of(CustomExperiment.class,
            CustomConfig.class,
            "epochs", "retraining epochs E",
            "fineTuneEpochs", "fine-tuning epochs E'",
            "batch", "batch size b",
            "lr", "learning rate lr",
            "fineTuneLr", "fine-tuning learning rate lr'",
            "weightDecay", "weight decay wd",
            "rank", "LoRA-ML rank r",
            "fineTuneRank", "fine-tuning rank r'",
            "reptileInnerSteps", "Reptile inner steps K",
            "reptileInnerLr", "Reptile inner learning rate lr_in",
            "reptileLr", "Reptile outer learning rate lr_out",
            "trials", "trials n");

    private final ModelFactory model;
    private final TaskFamily tasks;
    private List<RetrainMethod> methods = List.of(RetrainMethod.values());
    private List<FineTuneMethod> fineTunes = List.of(FineTuneMethod.values());
    private int trials = 5;
    private long seed = 1;
    private int epochs = 30;
    private int fineTuneEpochs = 100;
    private int batch = 25;
    private double lr = 1e-2;
    private double fineTuneLr = 3e-2;
    private double weightDecay = 0;
    private int rank = 1;
    private Integer fineTuneRank;
    private List<String> targets = List.of();
    private int reptileInnerSteps = 10;
    private double reptileInnerLr = 1e-2;
    private double reptileLr = 1e-2;
    private int startFrom = -1;

    /** Use {@code dev.metalora.Experiments.custom(model, tasks)}. */
    public CustomExperiment(ModelFactory model, TaskFamily tasks) {
        this.model = model;
        this.tasks = tasks;
        config(); // a null model or family fails now
    }

    /** Retraining methods by name: "standard", "lora-ml", "last-layer-ml", "reptile" (default all four, in this order). */
    public CustomExperiment methods(String... names) {
        this.methods = Arrays.stream(names).map(RetrainMethod::of).distinct().toList();
        return this;
    }

    /** Fine-tuning methods by name: "lora", "last-layer" (default both). */
    public CustomExperiment fineTunes(String... names) {
        this.fineTunes = Arrays.stream(names).map(FineTuneMethod::of).distinct().toList();
        return this;
    }

    /** Independent trials: new tasks and initial weights each (default 5). */
    @Override
    public CustomExperiment trials(int n) {
        this.trials = n;
        return this;
    }

    /** Seed of everything random (default 1). */
    @Override
    public CustomExperiment seed(long s) {
        this.seed = s;
        return this;
    }

    /** Retraining epochs; Reptile's outer epochs (default 30). */
    public CustomExperiment epochs(int e) {
        this.epochs = e;
        return this;
    }

    /** Fine-tuning epochs, full-batch on the unseen task's samples (default 100). */
    public CustomExperiment fineTuneEpochs(int e) {
        this.fineTuneEpochs = e;
        return this;
    }

    /** Retraining mini-batch size per task (default 25; SR pools the tasks' batches). */
    public CustomExperiment batch(int b) {
        this.batch = b;
        return this;
    }

    /** AdamW learning rate of retraining (default 1e-2, cosine schedule over the run). */
    public CustomExperiment lr(double v) {
        this.lr = v;
        return this;
    }

    /** AdamW learning rate of fine-tuning (default 3e-2, cosine schedule over the run). */
    public CustomExperiment fineTuneLr(double v) {
        this.fineTuneLr = v;
        return this;
    }

    /** AdamW weight decay of retraining and fine-tuning (default 0). */
    public CustomExperiment weightDecay(double v) {
        this.weightDecay = v;
        return this;
    }

    /** Rank of LoRA-ML's per-task adapters (default 1, as the paper; alpha = rank, so scale 1). */
    public CustomExperiment rank(int r) {
        this.rank = r;
        return this;
    }

    /** Rank of the fine-tuning adapter (default: LoRA-ML's rank). */
    public CustomExperiment fineTuneRank(int r) {
        this.fineTuneRank = r;
        return this;
    }

    /** Layer-name patterns that get adapters, as PEFT's {@code target_modules} (default: every linear layer). */
    public CustomExperiment targets(String... patterns) {
        this.targets = List.of(patterns);
        return this;
    }

    /** Reptile's inner SGD steps per task (default 10). */
    public CustomExperiment reptileInnerSteps(int k) {
        this.reptileInnerSteps = k;
        return this;
    }

    /** Reptile's inner SGD learning rate (default 1e-2). */
    public CustomExperiment reptileInnerLr(double v) {
        this.reptileInnerLr = v;
        return this;
    }

    /** Reptile's outer Adam learning rate (default 1e-2). */
    public CustomExperiment reptileLr(double v) {
        this.reptileLr = v;
        return this;
    }

    /**
     * Fine-tuning of a LoRA-ML base with LoRA, and of a last-layer-ML base with a last layer, starts
     * from task {@code t}'s trained adapter or head (as the reference vision code does with task 0);
     * every other pair starts fresh. {@code -1} (default): every pair starts fresh. Starting from an
     * adapter needs {@code fineTuneRank} equal to {@code rank}.
     */
    public CustomExperiment startFrom(int t) {
        this.startFrom = t;
        return this;
    }

    /** A run of seconds, for a first look and tests: 1 trial, 5 retraining and 30 fine-tuning epochs, 5 Reptile inner steps. */
    public CustomExperiment quick() {
        trials = 1;
        epochs = 5;
        fineTuneEpochs = 30;
        reptileInnerSteps = 5;
        return this;
    }

    @Override
    public CustomConfig config() {
        return new CustomConfig(model, tasks, methods, fineTunes, trials, seed, epochs, fineTuneEpochs, batch, lr,
                fineTuneLr, weightDecay, rank, fineTuneRank != null ? fineTuneRank : rank, targets, reptileInnerSteps,
                reptileInnerLr, reptileLr, startFrom);
    }

    /**
     * A sweep over one knob, the others as set here: {@code epochs}, {@code fineTuneEpochs},
     * {@code batch}, {@code lr}, {@code fineTuneLr}, {@code weightDecay}, {@code rank},
     * {@code fineTuneRank}, {@code reptileInnerSteps}, {@code reptileInnerLr}, {@code reptileLr},
     * {@code trials}.
     */
    public CustomSweepExperiment vary(String parameter, Number... values) {
        return new CustomSweepExperiment(this, parameter, values);
    }

    private static final CustomJob JOB = new CustomJob();

    @Override
    protected JobPlan<CustomConfig, TrialChunk<CustomConfig>, CustomTrials, CustomComparison> plan() {
        return new JobPlan<>() {
            @Override
            public String setting() {
                return "custom";
            }

            @Override
            public String label(CustomConfig c) {
                return "custom: " + c.methods().size() + " retraining x " + c.fineTunes().size()
                        + " fine-tuning methods, " + c.trials() + " trials";
            }

            @Override
            public Job<TrialChunk<CustomConfig>, CustomTrials> job() {
                return JOB;
            }

            @Override
            public List<TrialChunk<CustomConfig>> split(CustomConfig c, int parallelism) {
                return TrialChunk.split(c, c.trials(), parallelism);
            }

            @Override
            public CustomComparison combine(CustomConfig c, List<CustomTrials> parts) {
                return CustomComparison.of(c, parts, parts.stream().mapToDouble(CustomTrials::seconds).sum());
            }
        };
    }

    /** Runs the comparison; in a notebook its curves are drawn as it goes and replaced by its figure at the end. */
    @Override
    public CustomComparison run() {
        config();
        return LiveRun.during("Your model", CustomJob::panels, super::run, (live, r) -> live.finish(r.plot()));
    }
}
