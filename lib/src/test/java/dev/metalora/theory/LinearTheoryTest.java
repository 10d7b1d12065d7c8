package dev.metalora.theory;

import dev.metalora.linear.Matrices;
import dev.metalora.linear.TaskFamily;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearTheoryTest {

    /** Rotated diag(5, 3, 1): singular values 5, 3, 1; rank-1 floor 9 + 1 = 10. Rounding ~1e-14. */
    @Test
    void singularValuesAndFloorOfAKnownMatrix() {
        double c = Math.cos(0.7), s = Math.sin(0.7);
        INDArray rot = Nd4j.createFromArray(new double[][] {{c, -s, 0}, {s, c, 0}, {0, 0, 1}});
        INDArray m = rot.mmul(Nd4j.diag(Nd4j.createFromArray(5.0, 3.0, 1.0))).mmul(rot.transpose());
        assertArrayEquals(new double[] {5, 3, 1}, LinearTheory.singularValues(m), 1e-12);
        assertEquals(10.0, LinearTheory.rankFloor(m, Nd4j.zeros(3, 3), 1), 1e-12);
        assertEquals(35.0, LinearTheory.rankFloor(m, Nd4j.zeros(3, 3), 0), 1e-12);
        assertEquals(0.0, LinearTheory.rankFloor(m, Nd4j.zeros(3, 3), 3), 1e-12);
    }

    /**
     * Eckart-Young: no rank-r adapter beats the floor, and the truncated SVD would reach it; here
     * random rank-1 adapters all stay above it, and the floor plus the top sigma^2 is ||M||^2.
     */
    @Test
    void noRankOneAdapterBeatsTheStandardFloor() {
        TaskFamily f = new TaskFamily(8, 1, 3, 0.01, true, 2);
        INDArray target = f.unseen(0).theta(), base = LinearTheory.standardSolution(f);
        double floor = LinearTheory.standardFloor(f, 0, 1);
        double[] sv = LinearTheory.singularValues(target.sub(base));
        double total = Math.pow(target.sub(base).norm2Number().doubleValue(), 2);
        assertEquals(total, floor + sv[0] * sv[0], 1e-10 * total);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            INDArray u = Matrices.matrix(Matrices.gaussian(rng, 8, 1, 2), 8, 1);
            INDArray v = Matrices.matrix(Matrices.gaussian(rng, 8, 1, 2), 8, 1);
            double risk = Math.pow(target.sub(base.add(u.mmul(v.transpose()))).norm2Number().doubleValue(), 2);
            assertTrue(risk >= floor, "adapter " + i + " reached " + risk + " below the floor " + floor);
        }
    }

    @Test
    void standardSolutionIsTheMeanOfTheTasks() {
        TaskFamily f = new TaskFamily(5, 2, 4, 0.01, false, 4);
        INDArray mean = Nd4j.zeros(5, 5);
        for (int t = 0; t < 4; t++) {
            mean.addi(f.task(t).theta().divi(4));
        }
        assertTrue(mean.sub(LinearTheory.standardSolution(f)).amaxNumber().doubleValue() < 1e-13);
    }
}
