package dev.metalora.linear;

/**
 * What a retraining method returns for a batch of trials: each trial's base {@code A_hat} (flat
 * row-major d x d), the base error {@code ||A_hat - A*||_F^2} after each outer step (index 0 is
 * the initial base), and the final task adapters (flat, trial-major then task; empty for SR).
 */
public record Retrained(String method, int dim, double[][] bases, double[][] baseErrorCurves,
                        double[] adaptersU, double[] adaptersV) {

    public Retrained {
        bases = Curves.copy(bases);
        baseErrorCurves = Curves.copy(baseErrorCurves);
        adaptersU = adaptersU.clone();
        adaptersV = adaptersV.clone();
    }

    public int trials() {
        return bases.length;
    }

    /** Trial {@code trial}'s base, flat row-major. */
    public double[] base(int trial) {
        return bases[trial].clone();
    }

    @Override
    public double[][] bases() {
        return Curves.copy(bases);
    }

    @Override
    public double[][] baseErrorCurves() {
        return Curves.copy(baseErrorCurves);
    }

    @Override
    public double[] adaptersU() {
        return adaptersU.clone();
    }

    @Override
    public double[] adaptersV() {
        return adaptersV.clone();
    }

    /** Final base error of each trial. */
    public double[] baseErrors() {
        return Curves.last(baseErrorCurves);
    }
}
