package dev.metalora.linear;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * The paper's linear task family: {@code Theta*_t = A* + U*_t V*_t^T} with {@code A* = (G + G^T)/2},
 * {@code G}, {@code U*_t}, {@code V*_t} entries N(0,1), and {@code V*_t = U*_t} when symmetric.
 * Data of a task: {@code Y = Theta* X + E}, {@code x ~ N(0, I_d)}, noise entries N(0, noise^2)
 * (noise is the standard deviation; the reference code's 0.01 is the default).
 * Every quantity comes from its own seeded stream, so the same seed gives the same numbers on
 * every run, training task t and unseen task i independently of how many others are drawn.
 */
public final class TaskFamily {
    /** The reference code's noise standard deviation. */
    public static final double DEFAULT_NOISE = 0.01;

    private static final int A_STREAM = 1, U_STREAM = 2, V_STREAM = 3, UNSEEN_U_STREAM = 4,
            UNSEEN_V_STREAM = 5, DATA_STREAM = 6, UNSEEN_DATA_STREAM = 7;

    private final int dim;
    private final int rank;
    private final int tasks;
    private final double noise;
    private final boolean symmetric;
    private final long seed;
    private final double[] aStar;

    public TaskFamily(int dim, int rank, int tasks, double noise, boolean symmetric, long seed) {
        Validate.atLeast("dim", dim, 1);
        Validate.range("rank", rank, 1, dim);
        Validate.atLeast("tasks", tasks, 1);
        Validate.nonNegative("noise", noise);
        this.dim = dim;
        this.rank = rank;
        this.tasks = tasks;
        this.noise = noise;
        this.symmetric = symmetric;
        this.seed = seed;
        double[] g = Matrices.gaussian(new SplittableRandom(Seeds.derive(seed, A_STREAM, 0)), dim, dim, 1.0);
        aStar = new double[dim * dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                aStar[i * dim + j] = 0.5 * (g[i * dim + j] + g[j * dim + i]);
            }
        }
    }

    public int dim() {
        return dim;
    }

    public int rank() {
        return rank;
    }

    public int tasks() {
        return tasks;
    }

    public double noise() {
        return noise;
    }

    public boolean symmetric() {
        return symmetric;
    }

    public long seed() {
        return seed;
    }

    /** The shared ground-truth base {@code A*} (d x d, symmetric). */
    public INDArray aStar() {
        return Matrices.matrix(aStar, dim, dim);
    }

    double[] aStarFlat() {
        return aStar.clone();
    }

    /** Training task {@code t} (0-based, below {@link #tasks()}). */
    public GroundTruth task(int t) {
        Validate.range("task", t, 0, tasks - 1);
        return truth(U_STREAM, V_STREAM, t);
    }

    /** Unseen task number {@code i} (any i >= 0): {@code A* + U V^T} with fresh factors. */
    public GroundTruth unseen(int i) {
        Validate.atLeast("unseen task", i, 0);
        return truth(UNSEEN_U_STREAM, UNSEEN_V_STREAM, i);
    }

    /** {@code n} samples of training task {@code t}. */
    public TaskData sample(int t, int n) {
        return draw(task(t), DATA_STREAM, t, n);
    }

    /** {@code n} samples of unseen task {@code i}. */
    public TaskData sampleUnseen(int i, int n) {
        return draw(unseen(i), UNSEEN_DATA_STREAM, i, n);
    }

    private GroundTruth truth(int uStream, int vStream, int index) {
        double[] u = Matrices.gaussian(new SplittableRandom(Seeds.derive(seed, uStream, index)), dim, rank, 1.0);
        double[] v = symmetric ? u
                : Matrices.gaussian(new SplittableRandom(Seeds.derive(seed, vStream, index)), dim, rank, 1.0);
        double[] theta = Matrices.plusOuter(aStar, u, v, dim, rank);
        return new GroundTruth(Matrices.matrix(u, dim, rank), Matrices.matrix(v, dim, rank),
                Matrices.matrix(theta, dim, dim));
    }

    private TaskData draw(GroundTruth truth, int stream, int index, int n) {
        Validate.atLeast("samples", n, 1);
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, stream, index));
        INDArray x = Matrices.matrix(Matrices.gaussian(rng, dim, n, 1.0), dim, n);
        INDArray e = Matrices.matrix(Matrices.gaussian(rng, dim, n, noise), dim, n);
        INDArray y = Nd4j.gemm(truth.theta(), x, false, false).addi(e);
        return new TaskData(x, y);
    }
}
