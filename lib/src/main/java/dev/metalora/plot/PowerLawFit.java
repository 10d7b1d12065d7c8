package dev.metalora.plot;

/**
 * A power law {@code y = prefactor * x^slope} fitted by least squares on {@code (log x, log y)}.
 * Used to read a rate off a log-log plot, e.g. the {@code k d / n} rate of fine-tuning (slope -1).
 */
public record PowerLawFit(double slope, double prefactor, int points) {

    /** Fits {@code log y = log prefactor + slope log x} over every point; x and y must be positive. */
    public static PowerLawFit fit(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x, y: lengths differ (" + x.length + " and " + y.length + ")");
        }
        int n = x.length;
        double sx = 0, sy = 0;
        for (int i = 0; i < n; i++) {
            if (!(x[i] > 0) || !(y[i] > 0) || !Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("point " + i + ": (" + x[i] + ", " + y[i]
                        + ") must be positive and finite for a log-log fit");
            }
            sx += Math.log(x[i]);
            sy += Math.log(y[i]);
        }
        double mx = sx / n, my = sy / n, sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(x[i]) - mx;
            sxx += dx * dx;
            sxy += dx * (Math.log(y[i]) - my);
        }
        if (n < 2 || sxx == 0) {
            throw new IllegalArgumentException("x: need at least two distinct values for a fit, got "
                    + java.util.Arrays.toString(x));
        }
        double slope = sxy / sxx;
        return new PowerLawFit(slope, Math.exp(my - slope * mx), n);
    }

    /** The fitted value at {@code x}. */
    public double at(double x) {
        return prefactor * Math.pow(x, slope);
    }

    @Override
    public String toString() {
        return String.format("y = %.3g x^%.3f (%d points)", prefactor, slope, points);
    }
}
