package dev.metalora.core;

/**
 * The knobs of an experiment on a planted low-rank task family (PAPER.md: a shared base
 * {@code A*} and T retraining tasks, each {@code A*} plus a rank-k adapter, and an unseen task of the
 * same kind), which the linear and the shallow settings share: d, T, k, N, n, the noise, the
 * fine-tuning rank, trials and seed. Defaults: d = 10, T = 3, k = 1, n = 100, seed 1, the fine-tuning
 * rank of the reference protocol ({@link #defaultFineTuneRank}); N, the noise and the trials are the
 * setting's.
 */
public abstract class LowRankExperiment<B extends LowRankExperiment<B, C, R>, C extends Config, R>
        extends Experiment<B, C, R> {
    private int dim = 10;
    private int tasks = 3;
    private int rank = 1;
    private int samples;
    private int testSamples = 100;
    private double noise;
    private Integer fineTuneRank;
    private int trials;
    private long seed = 1;

    /** The setting's defaults for N, the noise and the trials. */
    protected LowRankExperiment(int samples, double noise, int trials) {
        this.samples = samples;
        this.noise = noise;
        this.trials = trials;
    }

    /**
     * The setting's parameters a sweep can vary: dim, tasks, rank, samples and testSamples, then
     * {@code more} (pairs of a name and its label).
     */
    protected static <B, C> Parameters<B, C> parameters(Class<B> builder, Class<C> config, String... more) {
        String[] shared = {"dim", "dimension d", "tasks", "retraining tasks T", "rank", "adapter rank k",
                "samples", "samples per retraining task N", "testSamples", "fine-tuning samples n"};
        String[] all = java.util.Arrays.copyOf(shared, shared.length + more.length);
        System.arraycopy(more, 0, all, shared.length, more.length);
        return Parameters.of(builder, config, all);
    }

    /** The reference protocol's fine-tuning rank: k, or 3k with two tasks (LoRA-ML need not recover A* then), capped at d. */
    public static int defaultFineTuneRank(int dim, int tasks, int rank) {
        return Math.min(dim, tasks == 2 ? 3 * rank : rank);
    }

    /** Dimension d of the inputs (and of the outputs or hidden layer; default 10). */
    public B dim(int d) {
        this.dim = d;
        return self();
    }

    /** Number of retraining tasks T (default 3). */
    public B tasks(int t) {
        this.tasks = t;
        return self();
    }

    /** Rank k of the ground-truth adapters and of LoRA-ML's per-task adapters (default 1). */
    public B rank(int k) {
        this.rank = k;
        return self();
    }

    /** Samples N per retraining task (default: the setting's, 5000 linear, 1000 shallow). */
    public B samples(int n) {
        this.samples = n;
        return self();
    }

    /** Samples n of the unseen task: fine-tuning data and where its test loss is measured (default 100). */
    public B testSamples(int n) {
        this.testSamples = n;
        return self();
    }

    /** Standard deviation s of the output noise (default: the setting's, 0.01 linear, 0.1 shallow). */
    public B noise(double s) {
        this.noise = s;
        return self();
    }

    /** Rank r of the fine-tuning adapter (default k, or 3k when T = 2, as the reference). */
    public B fineTuneRank(int r) {
        this.fineTuneRank = r;
        return self();
    }

    /** Independent trials: fresh ground truth, data and initial weights each (default: the setting's, 5 linear, 10 shallow). */
    @Override
    public B trials(int n) {
        this.trials = n;
        return self();
    }

    /** Seed of everything random (default 1). */
    @Override
    public B seed(long s) {
        this.seed = s;
        return self();
    }

    protected int dim() {
        return dim;
    }

    protected int tasks() {
        return tasks;
    }

    protected int rank() {
        return rank;
    }

    protected int samples() {
        return samples;
    }

    protected int testSamples() {
        return testSamples;
    }

    protected double noise() {
        return noise;
    }

    /** The fine-tuning rank as set, or the reference's rule. */
    protected int fineTuneRank() {
        return fineTuneRank != null ? fineTuneRank : defaultFineTuneRank(dim, tasks, rank);
    }

    protected int trials() {
        return trials;
    }

    protected long seed() {
        return seed;
    }
}
