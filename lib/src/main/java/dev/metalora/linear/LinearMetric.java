package dev.metalora.linear;

/** Which test-task loss a linear comparison reports as {@code testLoss} and {@code testLossCurve}. */
public enum LinearMetric {
    /** Population excess risk {@code ||Theta_hat - Theta*||_F^2} (the paper's headline metric). */
    EXCESS_RISK("excess risk"),
    /** In-sample clean prediction error {@code sum_i ||(Theta* - Theta_hat) x_i||^2} (the reference figures). */
    CLEAN_ERROR("clean prediction error");

    private final String label;

    LinearMetric(String label) {
        this.label = label;
    }

    /** Words for tables and axis titles. */
    public String label() {
        return label;
    }
}
