package dev.metalora.data;

import java.util.SplittableRandom;

/**
 * The reference training augmentation: a random crop of the image padded by {@code padding} zero
 * pixels on each side (same size as the input), then a horizontal flip with probability 1/2
 * (torchvision's {@code RandomCrop(size, padding=4)} and {@code RandomHorizontalFlip()}).
 */
public record Augmentation(int padding, boolean flip) {

    public Augmentation {
        if (padding < 0) {
            throw new IllegalArgumentException("padding: must be >= 0, got " + padding);
        }
    }

    /** Padding 4 and horizontal flips, as in the paper's CIFAR-10 runs. */
    public static Augmentation reference() {
        return new Augmentation(4, true);
    }

    /** Leaves images unchanged (evaluation). */
    public static Augmentation none() {
        return new Augmentation(0, false);
    }

    public boolean isIdentity() {
        return padding == 0 && !flip;
    }

    /** One draw of the random transform: the crop's offsets in [0, 2 padding] and the flip. */
    public record Draw(int dy, int dx, boolean flipped) {
    }

    public Draw draw(SplittableRandom random) {
        int dy = padding == 0 ? 0 : random.nextInt(2 * padding + 1);
        int dx = padding == 0 ? 0 : random.nextInt(2 * padding + 1);
        boolean f = flip && random.nextBoolean();
        return new Draw(dy, dx, f);
    }
}
