package dev.metalora.linear;

/** Per-step statistics over trials of curves stored one row per trial. */
public final class Curves {
    private Curves() {
    }

    public static double[] mean(double[][] rows) {
        double[] m = new double[rows[0].length];
        for (double[] r : rows) {
            for (int s = 0; s < m.length; s++) {
                m[s] += r[s] / rows.length;
            }
        }
        return m;
    }

    public static double[] min(double[][] rows) {
        double[] m = rows[0].clone();
        for (double[] r : rows) {
            for (int s = 0; s < m.length; s++) {
                m[s] = Math.min(m[s], r[s]);
            }
        }
        return m;
    }

    public static double[] max(double[][] rows) {
        double[] m = rows[0].clone();
        for (double[] r : rows) {
            for (int s = 0; s < m.length; s++) {
                m[s] = Math.max(m[s], r[s]);
            }
        }
        return m;
    }

    /** The last entry of every row. */
    public static double[] last(double[][] rows) {
        double[] l = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            l[i] = rows[i][rows[i].length - 1];
        }
        return l;
    }

    /** A deep copy. */
    public static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
