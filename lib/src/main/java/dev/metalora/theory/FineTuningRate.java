package dev.metalora.theory;

/**
 * The statistical rate of rank-r fine-tuning from the true base (PAPER.md, theory item 3): least
 * squares over the {@code r (2d - r)}-dimensional manifold of rank-r d-by-d matrices, from n samples
 * with noise of standard deviation s, has excess risk {@code ||Theta_hat - Theta*||_F^2} about
 * {@code s^2 r (2d - r) / n} (degrees of freedom times noise variance over n): order {@code k d / n}.
 */
public final class FineTuningRate {
    private FineTuningRate() {
    }

    /** {@code s^2 r (2d - r) / n}. */
    public static double excessRisk(int dim, int rank, int samples, double noise) {
        if (dim < 1 || rank < 1 || rank > dim || samples < 1 || !(noise >= 0)) {
            throw new IllegalArgumentException(String.format(
                    "dim %d, rank %d, samples %d, noise %s: need 1 <= rank <= dim, samples >= 1, noise >= 0",
                    dim, rank, samples, noise));
        }
        return noise * noise * rank * (2.0 * dim - rank) / samples;
    }
}
