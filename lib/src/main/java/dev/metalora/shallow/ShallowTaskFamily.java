package dev.metalora.shallow;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shallow-network task family (PAPER.md, "Shallow network setting"): task t maps
 * {@code x ~ N(0, I_d)} to {@code y = c^T sigmoid((A* + U*_t U*_t^T) x) + eps}, with the entries of
 * {@code A*} (not symmetrised) and of {@code U*_t} (d x k) drawn N(0, 1), {@code c ~ N(0, I_d)}
 * and {@code eps ~ N(0, s^2)}. Tasks {@code 0..T-1} are the retraining tasks, task {@code T} is
 * the unseen one. Everything is drawn from the seed.
 *
 * @param aStar   the shared A* (d x d, row-major rows)
 * @param c       the output weights
 * @param factors U*_t for t = 0..T (the last one is the unseen task's)
 * @param noise   standard deviation s of eps
 */
public record ShallowTaskFamily(int dim, int rank, int tasks, double noise, double[][] aStar, double[] c,
                                List<double[][]> factors) {

    /** The paper's noise standard deviation, 0.1. */
    public static final double DEFAULT_NOISE = 0.1;

    public ShallowTaskFamily {
        aStar = copy(aStar);
        c = c.clone();
        factors = factors.stream().map(ShallowTaskFamily::copy).toList();
    }

    /** Draws A*, c and T + 1 task factors from {@code seed}. */
    public static ShallowTaskFamily sample(int dim, int tasks, int rank, double noise, long seed) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim: must be >= 1, got " + dim);
        }
        if (tasks < 1) {
            throw new IllegalArgumentException("tasks: must be >= 1, got " + tasks);
        }
        if (rank < 1 || rank > dim) {
            throw new IllegalArgumentException("rank: must lie in 1.." + dim + " (the dimension), got " + rank);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise: must be finite and >= 0, got " + noise);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] a = gaussian(rng, dim, dim);
        double[] c = gaussian(rng, 1, dim)[0];
        List<double[][]> u = new ArrayList<>();
        for (int t = 0; t <= tasks; t++) {
            u.add(gaussian(rng, dim, rank));
        }
        return new ShallowTaskFamily(dim, rank, tasks, noise, a, c, u);
    }

    /** The index of the unseen task. */
    public int unseen() {
        return tasks;
    }

    /** {@code Theta*_t = A* + U*_t U*_t^T}. */
    public double[][] theta(int task) {
        if (task < 0 || task > tasks) {
            throw new IllegalArgumentException("task: " + task + " is not a task; allowed: 0.." + tasks);
        }
        double[][] u = factors.get(task);
        double[][] th = copy(aStar);
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                for (int l = 0; l < rank; l++) {
                    th[i][j] += u[i][l] * u[j][l];
                }
            }
        }
        return th;
    }

    /** {@code n} samples of task {@code task}: inputs, noisy and clean outputs. */
    public ShallowSample sample(int task, int n, SplittableRandom rng) {
        if (n < 1) {
            throw new IllegalArgumentException("n: must be >= 1, got " + n);
        }
        double[][] th = theta(task);
        float[] x = new float[n * dim];
        float[] clean = new float[n];
        float[] y = new float[n];
        double[] xi = new double[dim];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < dim; j++) {
                xi[j] = rng.nextGaussian();
                x[s * dim + j] = (float) xi[j];
            }
            double out = 0;
            for (int i = 0; i < dim; i++) {
                double z = 0;
                for (int j = 0; j < dim; j++) {
                    z += th[i][j] * xi[j];
                }
                out += c[i] / (1 + Math.exp(-z));
            }
            clean[s] = (float) out;
            y[s] = (float) (out + noise * rng.nextGaussian());
        }
        return new ShallowSample(n, dim, x, y, clean);
    }

    @Override
    public double[][] aStar() {
        return copy(aStar);
    }

    @Override
    public double[] c() {
        return c.clone();
    }

    private static double[][] gaussian(SplittableRandom rng, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        return m;
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
