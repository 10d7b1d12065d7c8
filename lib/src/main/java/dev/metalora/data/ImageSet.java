package dev.metalora.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * Labelled images stored as unsigned bytes, channel-major ({@code [count, channels, height, width]}):
 * 60 000 Fashion-MNIST images take 47 MB, not four times that as floats. Immutable: every
 * selection returns a new set.
 */
public final class ImageSet {
    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;

    public ImageSet(byte[] pixels, int[] labels, int channels, int height, int width) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("shape: channels, height, width must be positive, got "
                    + channels + "x" + height + "x" + width);
        }
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("pixels: expected " + labels.length + " images of "
                    + channels + "x" + height + "x" + width + " = "
                    + (long) labels.length * channels * height * width + " bytes, got " + pixels.length);
        }
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Values per image: channels x height x width. */
    public int imageSize() {
        return channels * height * width;
    }

    public int label(int i) {
        return labels[i];
    }

    public int[] labels() {
        return labels.clone();
    }

    /** Pixel {@code (c, y, x)} of image {@code i}, unsigned 0-255. */
    public int pixel(int i, int c, int y, int x) {
        return pixels[((i * channels + c) * height + y) * width + x] & 0xff;
    }

    /** The images at the given positions, in that order. */
    public ImageSet select(int[] indices) {
        int n = imageSize();
        byte[] p = new byte[indices.length * n];
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= size()) {
                throw new IllegalArgumentException("indices: " + i + " outside [0, " + size() + ")");
            }
            System.arraycopy(pixels, i * n, p, k * n, n);
            l[k] = labels[i];
        }
        return new ImageSet(p, l, channels, height, width);
    }

    /** The images of every set one after the other (all of the same shape). */
    public static ImageSet concat(java.util.List<ImageSet> sets) {
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("sets: need at least one image set, got none");
        }
        ImageSet first = sets.get(0);
        int n = sets.stream().mapToInt(ImageSet::size).sum();
        byte[] p = new byte[n * first.imageSize()];
        int[] l = new int[n];
        int k = 0;
        for (ImageSet s : sets) {
            if (s.channels != first.channels || s.height != first.height || s.width != first.width) {
                throw new IllegalArgumentException("sets: shapes differ, " + first + " and " + s);
            }
            System.arraycopy(s.pixels, 0, p, k * first.imageSize(), s.pixels.length);
            System.arraycopy(s.labels, 0, l, k, s.size());
            k += s.size();
        }
        return new ImageSet(p, l, first.channels, first.height, first.width);
    }

    /** The images whose label satisfies {@code keep}, in their original order. */
    public ImageSet filter(IntPredicate keep) {
        return select(java.util.stream.IntStream.range(0, size()).filter(i -> keep.test(labels[i])).toArray());
    }

    /** The same images with every label mapped through {@code f}. */
    public ImageSet relabel(IntUnaryOperator f) {
        int[] l = new int[labels.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = f.applyAsInt(labels[i]);
        }
        return new ImageSet(pixels, l, channels, height, width);
    }

    /** At most {@code n} images drawn without replacement (a seeded permutation); all if n >= size. */
    public ImageSet sample(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("n: must be >= 0, got " + n);
        }
        if (n >= size()) {
            return this;
        }
        int[] perm = permutation(size(), new SplittableRandom(seed));
        int[] first = Arrays.copyOf(perm, n);
        Arrays.sort(first);
        return select(first);
    }

    /** Mean of every pixel of channel {@code c}, scaled to [0, 1]. */
    public double mean(int c) {
        double sum = 0;
        int hw = height * width;
        for (int i = 0; i < size(); i++) {
            int off = (i * channels + c) * hw;
            for (int k = 0; k < hw; k++) {
                sum += pixels[off + k] & 0xff;
            }
        }
        return sum / ((double) size() * hw) / 255.0;
    }

    /** Population standard deviation of every pixel of channel {@code c}, scaled to [0, 1]. */
    public double std(int c) {
        double m = mean(c) * 255.0;
        double ss = 0;
        int hw = height * width;
        for (int i = 0; i < size(); i++) {
            int off = (i * channels + c) * hw;
            for (int k = 0; k < hw; k++) {
                double d = (pixels[off + k] & 0xff) - m;
                ss += d * d;
            }
        }
        return Math.sqrt(ss / ((double) size() * hw)) / 255.0;
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates). */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Copies image {@code i}'s raw bytes into {@code out} at {@code offset}. */
    void copyImage(int i, byte[] out, int offset) {
        System.arraycopy(pixels, i * imageSize(), out, offset, imageSize());
    }

    byte rawPixel(int flatIndex) {
        return pixels[flatIndex];
    }

    @Override
    public String toString() {
        return "ImageSet[" + size() + " x " + channels + "x" + height + "x" + width + "]";
    }
}
