package dev.metalora.linear;

/**
 * Fine-tuning curves of a batch of problems, one row per problem, entry s after s steps (entry 0
 * is the initial model): the population excess risk {@code ||Theta_hat - Theta*||_F^2} and the
 * in-sample clean prediction error {@code sum_i ||(Theta* - Theta_hat) x_i||^2} over the n
 * fine-tuning samples (the reference code's figure metric). Also the final factors (flat).
 */
public record FineTuned(double[][] excessRisk, double[][] cleanError, double[] u, double[] v) {
    public FineTuned {
        excessRisk = Curves.copy(excessRisk);
        cleanError = Curves.copy(cleanError);
        u = u.clone();
        v = v.clone();
    }

    @Override
    public double[][] excessRisk() {
        return Curves.copy(excessRisk);
    }

    @Override
    public double[][] cleanError() {
        return Curves.copy(cleanError);
    }

    @Override
    public double[] u() {
        return u.clone();
    }

    @Override
    public double[] v() {
        return v.clone();
    }
}
