package dev.metalora.shallow;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShallowTaskFamilyTest {

    @Test
    void cleanOutputIsCTransposeSigmoidOfThetaX() {
        ShallowTaskFamily f = ShallowTaskFamily.sample(4, 3, 2, 0.1, 5);
        ShallowSample s = f.sample(1, 3, new SplittableRandom(1));
        double[][] theta = f.theta(1);
        double[][] u = f.factors().get(1);
        assertEquals(f.aStar()[0][1] + u[0][0] * u[1][0] + u[0][1] * u[1][1], theta[0][1], 1e-12);
        float[] x = s.x();
        for (int n = 0; n < 3; n++) {
            double out = 0;
            for (int i = 0; i < 4; i++) {
                double z = 0;
                for (int j = 0; j < 4; j++) {
                    z += theta[i][j] * x[n * 4 + j];
                }
                out += f.c()[i] / (1 + Math.exp(-z));
            }
            // float32 storage of x and of the output: agreement to ~1e-6 relative.
            assertEquals(out, s.clean()[n], 1e-5 * (1 + Math.abs(out)));
        }
    }

    @Test
    void noiseHasTheRequestedStandardDeviation() {
        ShallowSample s = ShallowTaskFamily.sample(3, 2, 1, 0.1, 2).sample(0, 20_000, new SplittableRandom(3));
        double ss = 0;
        for (int i = 0; i < s.n(); i++) {
            ss += (s.y()[i] - s.clean()[i]) * (s.y()[i] - s.clean()[i]);
        }
        // The sample standard deviation of 20000 draws is within 3 * 0.1 / sqrt(2 * 20000) = 0.0015 of 0.1.
        assertEquals(0.1, Math.sqrt(ss / s.n()), 0.0015);
    }

    @Test
    void sameSeedSameFamilyAndTheUnseenTaskIsNew() {
        ShallowTaskFamily a = ShallowTaskFamily.sample(5, 3, 1, 0.1, 9), b = ShallowTaskFamily.sample(5, 3, 1, 0.1, 9);
        assertArrayEquals(a.aStar()[2], b.aStar()[2], 0);
        assertEquals(3, a.unseen());
        assertEquals(4, a.factors().size());
        assertTrue(a.factors().get(3)[0][0] != a.factors().get(0)[0][0]);
        double asym = 0;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                asym += Math.abs(a.aStar()[i][j] - a.aStar()[j][i]);
            }
        }
        assertTrue(asym > 1, "A* is not symmetrised");
    }

    @Test
    void badArgumentsNameTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShallowTaskFamily.sample(3, 2, 4, 0.1, 1))
                .getMessage().startsWith("rank:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ShallowTaskFamily.sample(3, 0, 1, 0.1, 1))
                .getMessage().startsWith("tasks:"));
        ShallowTaskFamily two = ShallowTaskFamily.sample(3, 2, 1, 0.1, 1);
        assertEquals(3, two.theta(two.unseen()).length);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> two.theta(3)).getMessage().startsWith("task:"));
    }
}
