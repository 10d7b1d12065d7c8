package dev.metalora.data;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class PreprocessingTest {
    /** One 1x3x3 image with pixels 0..8 (times 10). */
    static ImageSet tiny() {
        byte[] p = new byte[9];
        for (int i = 0; i < 9; i++) {
            p[i] = (byte) (10 * i);
        }
        return new ImageSet(p, new int[]{0}, 1, 3, 3);
    }

    @Test
    void normalisedTrainingPixelsHaveZeroMeanAndUnitVariance() {
        ImageSet s = tiny();
        Preprocessing pre = new Preprocessing(Normalization.of(s), Augmentation.none());
        float[] x = pre.batch(s, new int[]{0}, new SplittableRandom(1));
        double m = 0, v = 0;
        for (float f : x) {
            m += f;
        }
        m /= x.length;
        for (float f : x) {
            v += (f - m) * (f - m);
        }
        // Exact up to float rounding (about 1e-7 relative).
        assertEquals(0, m, 1e-6);
        assertEquals(1, v / x.length, 1e-5);
    }

    @Test
    void cropShiftsWithZeroPaddingAndFlipMirrors() {
        ImageSet s = tiny();
        Normalization id = Normalization.identity(1);
        // Find draws of a padding-1 augmentation and check each output pixel against its definition.
        Augmentation aug = new Augmentation(1, true);
        boolean sawFlip = false, sawShift = false;
        for (int seed = 0; seed < 50; seed++) {
            // Two generators with the same seed: batch() draws exactly what draw() returns here.
            Augmentation.Draw d = aug.draw(new SplittableRandom(seed));
            float[] x = new Preprocessing(id, aug).batch(s, new int[]{0}, new SplittableRandom(seed));
            for (int y = 0; y < 3; y++) {
                for (int xx = 0; xx < 3; xx++) {
                    int cx = d.flipped() ? 2 - xx : xx;
                    int sy = y + d.dy() - 1, sx = cx + d.dx() - 1;
                    float want = sy < 0 || sy > 2 || sx < 0 || sx > 2 ? 0f : (10f * (3 * sy + sx)) / 255f;
                    assertEquals(want, x[3 * y + xx], 1e-6);
                }
            }
            sawFlip |= d.flipped();
            sawShift |= d.dx() != 1 || d.dy() != 1;
        }
        assertTrue(sawFlip && sawShift);
    }

    @Test
    void sameSeedSameBatch() {
        ImageSet s = tiny();
        Preprocessing pre = new Preprocessing(Normalization.of(s), Augmentation.reference());
        assertArrayEquals(pre.batch(s, new int[]{0, 0}, new SplittableRandom(5)),
                pre.batch(s, new int[]{0, 0}, new SplittableRandom(5)));
    }
}
