package dev.metalora.data;

import java.util.SplittableRandom;

/**
 * Turns images into the float input of a model: augmentation (random crop with zero padding, flip)
 * on the raw pixels, then per-channel normalisation, as torchvision's
 * {@code Compose([RandomCrop, RandomHorizontalFlip, ToTensor, Normalize])}.
 */
public record Preprocessing(Normalization normalization, Augmentation augmentation) {

    /**
     * The images at {@code indices} as floats, {@code [indices.length, C, H, W]} row-major. The
     * random source draws the augmentation; with {@link Augmentation#none()} it is not used.
     */
    public float[] batch(ImageSet set, int[] indices, SplittableRandom random) {
        int c = set.channels(), h = set.height(), w = set.width();
        int p = augmentation.padding();
        float[] out = new float[indices.length * c * h * w];
        int o = 0;
        for (int i : indices) {
            Augmentation.Draw d = augmentation.isIdentity() ? new Augmentation.Draw(p, p, false)
                    : augmentation.draw(random);
            for (int ch = 0; ch < c; ch++) {
                float zero = normalization.apply(ch, 0);
                for (int y = 0; y < h; y++) {
                    int sy = y + d.dy() - p;
                    for (int x = 0; x < w; x++) {
                        int cx = d.flipped() ? w - 1 - x : x;
                        int sx = cx + d.dx() - p;
                        out[o++] = sy < 0 || sy >= h || sx < 0 || sx >= w ? zero
                                : normalization.apply(ch, set.pixel(i, ch, sy, sx));
                    }
                }
            }
        }
        return out;
    }
}
