package dev.metalora.shallow;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The engine's float32 sigmoid: the scalar {@link Sigmoid#apply} within 2 ulps of the correctly
 * rounded value (its documented accuracy), and the vector lanes of {@link VectorPasses#sigmoid}
 * bit-identical to it, both in the first calls (interpreted, the vector API's Java fallback) and
 * after enough calls for the JIT to have compiled and intrinsified it: the property a seed's
 * reproducibility rests on.
 */
class SigmoidTest {
    private static final int N = 1 << 14;

    private static float[] inputs() {
        SplittableRandom random = new SplittableRandom(7);
        float[] z = new float[N];
        for (int i = 0; i < N; i++) {
            z[i] = (float) (6 * random.nextGaussian());
        }
        float[] edges = {0f, -0f, 1e-8f, -1e-8f, 86.9f, -86.9f, 87f, -87f, 88f, -88f, 200f, -200f,
                Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, 0.5f * (float) Math.log(2), 20f, -20f};
        System.arraycopy(edges, 0, z, 0, edges.length);
        return z;
    }

    private static float[] scalar(float[] z) {
        float[] h = z.clone();
        Sigmoid.apply(h, h.length, new float[h.length], new int[h.length]);
        return h;
    }

    @Test
    void scalarIsWithinTwoUlpsOfTheCorrectlyRoundedValueAndClampedBeyond87() {
        float[] z = inputs(), h = scalar(z);
        double worst = 0;
        int clamped = 0;
        for (int i = 0; i < N; i++) {
            float exact = (float) (1 / (1 + Math.exp(-(double) z[i])));
            if (Math.abs(z[i]) <= 87f) {
                worst = Math.max(worst, Math.abs(h[i] - exact) / Math.ulp(exact));
            } else {
                // held at sigmoid(+-87): 1 above, 1.6e-38 (the smallest normal floats) below
                clamped++;
                assertEquals(exact, h[i], 1.7e-38f, "z = " + z[i]);
            }
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulps");
        assertEquals(6, clamped); // the edge cases 88, 200 and MAX_VALUE, each signed
    }

    @Test
    void vectorLanesEqualTheScalarBitForBitBeforeAndAfterTheJit() {
        assumeTrue(ShallowKernel.VECTOR, "the vector API is not in this JVM");
        float[] z = inputs(), expected = scalar(z);
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        float[] out = new float[N];
        // 60 rounds of 16384 values: the later rounds run in C2-compiled code
        for (int round = 0; round < 60; round++) {
            for (int i = 0; i + lanes <= N; i += lanes) {
                VectorPasses.sigmoid(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, z, i)).intoArray(out, i);
            }
            for (int i = 0; i < N - N % lanes; i++) {
                if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(expected[i])) {
                    assertEquals(expected[i], out[i], 0f, "round " + round + ", z = " + z[i]);
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(out[i]),
                            "round " + round + ", z = " + z[i] + ": other bits");
                }
            }
        }
    }
}
