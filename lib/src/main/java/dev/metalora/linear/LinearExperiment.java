package dev.metalora.linear;

import dev.metalora.core.LowRankExperiment;
import dev.metalora.core.JobPlan;
import dev.metalora.core.Parameters;
import dev.metalora.nn.Devices;
import dev.metalora.progress.Progress;
import dev.metalora.results.Stat;
import dev.metalora.theory.LinearTheory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builder of the linear comparison (PAPER.md, "Reference protocol (linear)"): retrain with LoRA-ML
 * and with standard retraining on T tasks, fine-tune both bases with rank-r LoRA on an unseen task
 * from the same initial factors, repeat for several trials (fresh tasks and data each), all trials
 * computed together. Every default is the reference protocol, so {@code linear().run()} reproduces
 * the paper's headline comparison.
 */
public final class LinearExperiment extends LowRankExperiment<LinearExperiment, LinearConfig, LinearComparison> {
    /** The parameters {@link #vary} takes: dim, tasks, rank, samples, testSamples, noise. */
    public static final Parameters<LinearExperiment, LinearConfig> PARAMETERS =
            parameters(LinearExperiment.class, LinearConfig.class, "noise", "noise standard deviation s");

    private static final int FAMILY_STREAM = 100, ADAPTER_STREAM = 200, FINE_TUNE_STREAM = 300;

    private int outerSteps = LoraML.DEFAULT_OUTER_STEPS;
    private int innerSteps = LoraML.DEFAULT_INNER_STEPS;
    private double innerLr = LoraML.DEFAULT_INNER_LR;
    private double outerLr = LoraML.DEFAULT_OUTER_LR;
    private int fineTuneSteps = LoraFineTuning.DEFAULT_STEPS;
    private double fineTuneLr = LoraFineTuning.DEFAULT_LR;
    private boolean symmetric = true;
    private boolean joint;
    private LinearMetric metric = LinearMetric.EXCESS_RISK;
    private Backend backend = Backend.AUTO;
    private String device = "cpu";

    /** Use {@code dev.metalora.Experiments.linear()}. */
    public LinearExperiment() {
        super(5000, TaskFamily.DEFAULT_NOISE, 5);
    }

    /** Outer steps of LoRA-ML, and SR's steps (default 3000). */
    public LinearExperiment outerSteps(int n) {
        this.outerSteps = n;
        return this;
    }

    /** Adapter steps per outer step of LoRA-ML (default 10). */
    public LinearExperiment innerSteps(int n) {
        this.innerSteps = n;
        return this;
    }

    /** Learning rate of the retraining adapters (default 0.003). */
    public LinearExperiment innerLr(double lr) {
        this.innerLr = lr;
        return this;
    }

    /** Learning rate of the base A, for LoRA-ML and SR (default 0.03). */
    public LinearExperiment outerLr(double lr) {
        this.outerLr = lr;
        return this;
    }

    /** Fine-tuning steps (default 10000). */
    public LinearExperiment fineTuneSteps(int n) {
        this.fineTuneSteps = n;
        return this;
    }

    /** Fine-tuning learning rate (default 0.005). */
    public LinearExperiment fineTuneLr(double lr) {
        this.fineTuneLr = lr;
        return this;
    }

    /** Symmetric ground truth {@code U U^T} and LoRA-ML adapters (default), or asymmetric {@code U V^T}. */
    public LinearExperiment symmetric(boolean on) {
        this.symmetric = on;
        return this;
    }

    /** LoRA-ML steps A and the adapters together instead of alternating (default false). */
    public LinearExperiment joint(boolean on) {
        this.joint = on;
        return this;
    }

    /** The reported test loss: excess risk (default) or the in-sample clean prediction error. */
    public LinearExperiment metric(LinearMetric m) {
        this.metric = m;
        return this;
    }

    /** Which kernel computes (default: by size). Both give the same numbers up to rounding. */
    public LinearExperiment backend(Backend b) {
        this.backend = b;
        return this;
    }

    /**
     * Where the linear algebra runs: {@code "cpu"} (default) or {@code "gpu"} / {@code "gpu:N"}. A GPU
     * needs ND4J's CUDA backend (build with the Maven profile {@code cuda}, see README 'GPU') and
     * selects the ND4J kernel at every size; where ND4J is not on CUDA this fails at once, naming why,
     * and never runs on the CPU instead.
     */
    public LinearExperiment device(String name) {
        String canonical = Devices.canonical(name);
        if (Devices.isGpu(canonical)) {
            Devices.requireNd4jGpu();
            this.backend = Backend.ND4J;
        }
        this.device = canonical;
        return this;
    }


    /** The configuration this builder would run (validated). */
    @Override
    public LinearConfig config() {
        return new LinearConfig(dim(), tasks(), rank(), samples(), testSamples(), noise(), outerSteps, innerSteps,
                innerLr, outerLr, fineTuneRank(), fineTuneSteps, fineTuneLr, trials(), seed(), symmetric, joint, metric,
                backend, device);
    }

    /** One job per comparison: its trials are computed together (batched), so they are not split. */
    @Override
    protected JobPlan<LinearConfig, ?, ?, LinearComparison> plan() {
        return JobPlan.whole("linear", c -> "linear: LoRA-ML vs standard retraining", new LinearJob());
    }

    /**
     * A sweep: this comparison for each of {@code values} of {@code parameter} (one of dim, tasks,
     * rank, samples, testSamples, noise), every other setting as on this builder.
     */
    public LinearSweepExperiment vary(String parameter, Number... values) {
        return new LinearSweepExperiment(this, parameter, values);
    }

    /** Runs the comparison described by {@code c}. */
    public static LinearComparison run(LinearConfig c, Progress progress) {
        if (Devices.isGpu(c.device())) {
            Devices.requireNd4jGpu();
        }
        long start = System.nanoTime();
        Kernel kernel = c.backend().kernel(c.dim());
        List<TaskFamily> families = new ArrayList<>();
        for (int trial = 0; trial < c.trials(); trial++) {
            families.add(new TaskFamily(c.dim(), c.rank(), c.tasks(), c.noise(), c.symmetric(),
                    Seeds.derive(c.seed(), FAMILY_STREAM, trial)));
        }
        var loraMl = new LoraML(c.rank(), c.outerSteps(), c.innerSteps(), c.innerLr(), c.outerLr(), c.symmetric(), c.joint());
        var standard = new StandardRetraining(c.outerSteps(), c.outerLr());
        var fineTuning = new LoraFineTuning(c.fineTuneRank(), c.fineTuneSteps(), c.fineTuneLr());
        try (progress) {
            progress.start("linear: LoRA-ML vs standard retraining", loraMl.work() + standard.work() + c.fineTuneSteps());
            RetrainingData data = RetrainingData.sample(families, c.samples());
            Retrained lora = loraMl.retrain(kernel, data, Seeds.derive(c.seed(), ADAPTER_STREAM, 0), progress);
            Retrained sr = standard.retrain(kernel, data, 0, progress);

            // Both methods fine-tune on the same unseen task, data and initial factors per trial.
            List<double[]> bases = new ArrayList<>(), targets = new ArrayList<>();
            List<SufficientStats> stats = new ArrayList<>();
            int size = c.dim() * c.fineTuneRank();
            double[] u0 = new double[2 * c.trials() * size], v0 = new double[2 * c.trials() * size];
            double[] floors = new double[c.trials()];
            for (Retrained method : List.of(lora, sr)) {
                for (int trial = 0; trial < c.trials(); trial++) {
                    TaskFamily f = families.get(trial);
                    int i = bases.size();
                    bases.add(method.base(trial));
                    targets.add(Matrices.flat(f.unseen(0).theta()));
                    stats.add(method == lora ? f.sampleUnseen(0, c.testSamples()).stats() : stats.get(trial));
                    double[][] init = LoraFineTuning.initialFactors(c.dim(), c.fineTuneRank(),
                            Seeds.derive(c.seed(), FINE_TUNE_STREAM, trial));
                    System.arraycopy(init[0], 0, u0, i * size, size);
                    System.arraycopy(init[1], 0, v0, i * size, size);
                }
            }
            for (int trial = 0; trial < c.trials(); trial++) {
                floors[trial] = LinearTheory.standardFloor(families.get(trial), 0, c.fineTuneRank());
            }
            FineTuned ft = fineTuning.fineTune(kernel, new FineTuningData(c.dim(), bases, targets, stats), u0, v0,
                    i -> (i < c.trials() ? LinearComparison.LORA_ML : LinearComparison.STANDARD)
                            + " base, trial " + i % c.trials(), progress);
            double[][] excess = ft.excessRisk(), clean = ft.cleanError();
            int t = c.trials();
            var loraResult = new LinearMethodResult(LinearComparison.LORA_ML, c.metric(), lora.baseErrorCurves(),
                    Arrays.copyOfRange(excess, 0, t), Arrays.copyOfRange(clean, 0, t));
            var srResult = new LinearMethodResult(LinearComparison.STANDARD, c.metric(), sr.baseErrorCurves(),
                    Arrays.copyOfRange(excess, t, 2 * t), Arrays.copyOfRange(clean, t, 2 * t));
            return new LinearComparison(c, loraResult, srResult, Stat.of(floors), (System.nanoTime() - start) / 1e9);
        }
    }
}
