package dev.metalora.vision;

import dev.metalora.data.ImageSet;
import dev.metalora.data.Preprocessing;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Shuffled mini-batches of one image set, a fresh permutation and augmentation draws every epoch,
 * all determined by the seed: batch {@code i} of epoch {@code e} is the same however often it is
 * asked for. The last batch of an epoch may be smaller (PyTorch's {@code DataLoader} default).
 */
public final class Batches {
    private final ImageSet images;
    private final Preprocessing preprocessing;
    private final int batchSize;
    private final long seed;
    private int cachedEpoch = -1;
    private int[] order;

    /** Images and their labels, ready for a model: {@code x} is {@code [n, C, H, W]} row-major. */
    public record Batch(float[] x, int[] y) {
        public int size() {
            return y.length;
        }
    }

    public Batches(ImageSet images, Preprocessing preprocessing, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch: must be at least 1, got " + batchSize);
        }
        if (images.size() == 0) {
            throw new IllegalArgumentException("images: the set is empty");
        }
        this.images = images;
        this.preprocessing = preprocessing;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    public ImageSet images() {
        return images;
    }

    public long seed() {
        return seed;
    }

    public int batchSize() {
        return batchSize;
    }

    public int batchesPerEpoch() {
        return (images.size() + batchSize - 1) / batchSize;
    }

    /** Batch {@code index} (taken modulo the batches per epoch) of epoch {@code epoch}. */
    public Batch batch(int epoch, int index) {
        int[] perm = order(epoch);
        int i = Math.floorMod(index, batchesPerEpoch());
        int[] idx = Arrays.copyOfRange(perm, i * batchSize, Math.min(perm.length, (i + 1) * batchSize));
        SplittableRandom r = new SplittableRandom(mix(seed, epoch, i + 1));
        int[] y = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            y[k] = images.label(idx[k]);
        }
        return new Batch(preprocessing.batch(images, idx, r), y);
    }

    private int[] order(int epoch) {
        if (epoch != cachedEpoch) {
            order = ImageSet.permutation(images.size(), new SplittableRandom(mix(seed, epoch, 0)));
            cachedEpoch = epoch;
        }
        return order;
    }

    /** The whole set in its stored order, in batches (evaluation): batch {@code i}. */
    public static Batch sequential(ImageSet images, Preprocessing preprocessing, int batchSize, int i) {
        int from = i * batchSize;
        int to = Math.min(images.size(), from + batchSize);
        int[] idx = new int[to - from];
        int[] y = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = from + k;
            y[k] = images.label(from + k);
        }
        return new Batch(preprocessing.batch(images, idx, new SplittableRandom(0)), y);
    }

    static long mix(long seed, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        return new SplittableRandom(h).nextLong();
    }
}
