package dev.metalora.linear;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskFamilyTest {

    @Test
    void sameSeedGivesSameNumbersAndOtherSeedsOtherNumbers() {
        TaskFamily a = new TaskFamily(6, 2, 3, 0.01, true, 42), b = new TaskFamily(6, 2, 3, 0.01, true, 42);
        assertEquals(a.aStar(), b.aStar());
        assertEquals(a.task(2).theta(), b.task(2).theta());
        assertEquals(a.unseen(5).theta(), b.unseen(5).theta());
        assertEquals(a.sample(1, 30).y(), b.sample(1, 30).y());
        assertNotEquals(a.aStar(), new TaskFamily(6, 2, 3, 0.01, true, 43).aStar());
        assertNotEquals(a.task(0).u(), a.task(1).u());
        assertNotEquals(a.unseen(0).u(), a.unseen(1).u());
    }

    @Test
    void groundTruthHasThePapersStructure() {
        TaskFamily sym = new TaskFamily(5, 2, 3, 0.01, true, 1);
        INDArray a = sym.aStar();
        assertEquals(a, a.transpose(), "A* = (G + G^T)/2 is symmetric");
        GroundTruth t = sym.task(1);
        assertEquals(t.u(), t.v(), "symmetric family: V* = U*");
        assertTrue(t.theta().sub(a.add(t.u().mmul(t.u().transpose()))).amaxNumber().doubleValue() < 1e-14);
        GroundTruth asym = new TaskFamily(5, 2, 3, 0.01, false, 1).task(1);
        assertNotEquals(asym.u(), asym.v());
    }

    @Test
    void samplesFollowTheModelWithTheGivenNoise() {
        double s = 0.05;
        TaskFamily f = new TaskFamily(4, 1, 2, s, true, 3);
        TaskData d = f.sample(0, 20000);
        INDArray noise = d.y().sub(f.task(0).theta().mmul(d.x()));
        double std = Math.sqrt(Math.pow(noise.norm2Number().doubleValue(), 2) / noise.length());
        // 80000 draws: the sample std has relative standard error 1/sqrt(2*80000) = 0.25%; allow 2%.
        assertEquals(s, std, 0.02 * s);
        assertEquals(20000, d.size());
    }

    @Test
    void badArgumentsNameTheParameter() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TaskFamily(3, 4, 2, 0.01, true, 1));
        assertTrue(e.getMessage().startsWith("rank"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TaskFamily(3, 1, 2, Double.NaN, true, 1));
        assertTrue(e.getMessage().startsWith("noise"), e.getMessage());
    }
}
