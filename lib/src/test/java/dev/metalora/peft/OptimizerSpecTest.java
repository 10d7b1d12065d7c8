package dev.metalora.peft;

import dev.metalora.nn.NnRuntime;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OptimizerSpecTest {
    static {
        NnRuntime.init();
    }

    @Test
    void cosineScheduleGoesFromTheRateToZeroThroughHalfAtMidpoint() {
        var spec = OptimizerSpec.adam(1e-3).withCosine(100);
        // (1 + cos(pi t / T)) / 2 times the rate; float precision in DJL's tracker.
        assertEquals(1e-3, spec.lrAt(0), 1e-9);
        assertEquals(0.5e-3, spec.lrAt(50), 1e-9);
        assertEquals(1e-3 * (1 + Math.cos(Math.PI * 0.25)) / 2, spec.lrAt(25), 1e-9);
        assertEquals(0.0, spec.lrAt(100), 1e-9);
        assertEquals(1e-3, OptimizerSpec.adam(1e-3).lrAt(100), 1e-9, "no schedule: constant");
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.adam(1e-3).withCosine(-1));
    }

    @Test
    void adamStepsShrinkAlongTheCosineSchedule() {
        // With a constant gradient Adam's bias-corrected step is lr_t * g / (|g| + eps) = lr_t, so the
        // parameter's path measures the rate DJL applied at each update (eps = 1e-8 against g = 1).
        int steps = 8;
        var spec = OptimizerSpec.adam(0.1).withCosine(steps);
        var optimizer = spec.build();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {0f});
            w.setRequiresGradient(true);
            double expected = 0;
            for (int t = 0; t < steps; t++) {
                try (GradientCollector c = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    c.backward(w.sum());
                }
                double before = w.getFloat();
                optimizer.update("w", w, w.getGradient());
                double moved = before - w.getFloat();
                // DJL counts updates from 1, so update t uses the rate at t + 1.
                assertEquals(spec.lrAt(t + 1), moved, 1e-6, "step " + t);
                expected += moved;
            }
            assertEquals(-expected, w.getFloat(), 1e-6);
            assertEquals(0.0, spec.lrAt(steps), 1e-9, "the last update runs at rate 0");
        }
    }
}
