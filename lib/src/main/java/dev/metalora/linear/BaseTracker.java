package dev.metalora.linear;

/** Records {@code ||A - A*||_F^2} of each trial per outer step and stops a diverging run. */
final class BaseTracker {
    private final Kernel kernel;
    private final Stack aStar;
    private final Stack diff;
    private final double[] errors;
    private final double[][] curves;
    private final int tasks;
    private final String method;
    private final String rates;

    BaseTracker(Kernel kernel, Stack aStar, int tasks, int steps, String method, String rates) {
        this.kernel = kernel;
        this.aStar = aStar;
        this.diff = kernel.zeros(aStar.batch(), aStar.rows(), aStar.cols());
        this.errors = new double[aStar.batch()];
        this.curves = new double[aStar.batch() / tasks][steps + 1];
        this.tasks = tasks;
        this.method = method;
        this.rates = rates;
    }

    void record(Stack a, int step) {
        kernel.copy(a, diff);
        kernel.axpy(-1, aStar, diff);
        kernel.dots(diff, diff, errors);
        for (int trial = 0; trial < curves.length; trial++) {
            double e = errors[trial * tasks];
            DivergedException.check(e, method, "outer step", step, "||A - A*||^2", rates);
            curves[trial][step] = e;
        }
    }

    /** The result: each trial's base (first replica of its group) and the curves. */
    Retrained result(Stack a, double[] u, double[] v) {
        double[] all = kernel.toArray(a);
        int dd = a.rows() * a.cols();
        double[][] bases = new double[curves.length][];
        for (int trial = 0; trial < curves.length; trial++) {
            bases[trial] = java.util.Arrays.copyOfRange(all, trial * tasks * dd, (trial * tasks + 1) * dd);
        }
        return new Retrained(method, a.rows(), bases, curves, u, v);
    }
}
