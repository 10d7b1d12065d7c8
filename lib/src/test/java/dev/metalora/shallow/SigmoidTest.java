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
    void scalarIsWithinTwoUlpsOfTheCorrectlyRoundedValueAndHeldBeyond50() {
        float[] z = inputs(), h = scalar(z);
        double worst = 0;
        int held = 0;
        for (int i = 0; i < N; i++) {
            float exact = (float) (1 / (1 + Math.exp(-(double) z[i])));
            if (Math.abs(z[i]) <= 50f) {
                worst = Math.max(worst, Math.abs(h[i] - exact) / Math.ulp(exact));
            } else {
                held++;
                assertEquals(exact, h[i], 2e-22f, "z = " + z[i]);
            }
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulps");
        assertTrue(held >= 10, "the edge cases beyond 50 were not all tried: " + held);
    }

    @Test
    void noOutputIsSmallerThanSigmoidOfMinus50SoNoGradientProductIsSubnormal() {
        float[] z = new float[4001];
        for (int i = 0; i < z.length; i++) {
            z[i] = -1000f + i * 0.5f;
        }
        float[] h = scalar(z);
        float floor = (float) (1 / (1 + Math.exp(50)));
        for (int i = 0; i < z.length; i++) {
            assertTrue(h[i] >= floor * (1 - 1e-6f) && h[i] <= 1f, "z = " + z[i] + ": " + h[i]);
            // dZ = g c h (1 - h) with |g c| down to 1e-15 stays a normal float
            float dz = 1e-15f * h[i] * (1 - h[i]);
            assertTrue(dz == 0 || Math.abs(dz) >= Float.MIN_NORMAL, "z = " + z[i] + ": dZ " + dz);
        }
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
