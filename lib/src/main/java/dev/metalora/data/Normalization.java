package dev.metalora.data;

/**
 * Per-channel standardisation {@code x -> (x/255 - mean_c) / std_c}, with the statistics of a
 * training set (the usual {@code transforms.Normalize}).
 */
public record Normalization(double[] mean, double[] std) {

    public Normalization {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean, std: need one value per channel each, got "
                    + mean.length + " and " + std.length);
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std: must be positive, got " + s);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The per-channel mean and standard deviation of {@code set}'s pixels, in [0, 1] units. */
    public static Normalization of(ImageSet set) {
        double[] m = new double[set.channels()];
        double[] s = new double[set.channels()];
        for (int c = 0; c < m.length; c++) {
            m[c] = set.mean(c);
            s[c] = set.std(c);
        }
        return new Normalization(m, s);
    }

    /** Leaves pixels in [0, 1]. */
    public static Normalization identity(int channels) {
        double[] m = new double[channels];
        double[] s = new double[channels];
        java.util.Arrays.fill(s, 1.0);
        return new Normalization(m, s);
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** The value a raw byte {@code v} of channel {@code c} becomes. */
    public float apply(int c, int v) {
        return (float) ((v / 255.0 - mean[c]) / std[c]);
    }
}
