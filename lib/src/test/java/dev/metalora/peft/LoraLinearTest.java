package dev.metalora.peft;

import dev.metalora.nn.NnRuntime;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoraLinearTest extends NnTestSupport {
    private static LoraLinear layer(int tasks, int rank, double alpha, boolean bias) {
        return LoraLinear.builder().in(4).out(3).bias(bias).tasks(tasks).rank(rank).alpha(alpha).seed(7).build();
    }

    /** Loss sum(sin(f(x))) so every output entry's gradient differs. */
    private static double loss(MultiTaskModel m, ParameterStore ps, NDArray x) {
        return m.forward(ps, x, false).sin().sum().getDouble();
    }

    @Test
    void gradientMatchesCentralFiniteDifferences() {
        try (NDManager m = manager.newSubManager()) {
            LoraLinear lora = layer(2, 2, 3.0, true);
            lora.initialize(m, DataType.FLOAT64, new Shape(5, 4));
            MultiTaskModel model = MultiTaskModel.of(lora).selectTask(1);
            // The up-projection starts at zero, which would make the down-projection's gradient zero.
            lora.up().getArray().set(uniform(m, 3, DataType.FLOAT64, 2, 3, 2).toDoubleArray());
            NDArray x = uniform(m, 11, DataType.FLOAT64, 2, 5, 4); // [batch, tokens, in]
            ParameterStore ps = new ParameterStore(m, false);
            double[][] analytic = new double[4][];
            Parameter[] params = {lora.weight(), lora.bias(), lora.down(), lora.up()};
            try (GradientCollector gc = NnRuntime.engine().newGradientCollector()) {
                gc.backward(model.forward(ps, x, true).sin().sum());
            }
            for (int i = 0; i < params.length; i++) {
                analytic[i] = params[i].getArray().getGradient().toDoubleArray();
            }
            double h = 1e-6;
            for (int i = 0; i < params.length; i++) {
                NDArray w = params[i].getArray();
                double[] values = w.toDoubleArray();
                for (int j = 0; j < values.length; j++) {
                    double keep = values[j];
                    values[j] = keep + h;
                    w.set(values);
                    double plus = loss(model, ps, x);
                    values[j] = keep - h;
                    w.set(values);
                    double minus = loss(model, ps, x);
                    values[j] = keep;
                    w.set(values);
                    double numeric = (plus - minus) / (2 * h);
                    // Central differences in double: error O(h^2) ~ 1e-12 plus rounding ~ 1e-16/h = 1e-10.
                    assertEquals(numeric, analytic[i][j], 1e-7, params[i].getName() + "[" + j + "]");
                }
            }
            // Task 0's adapter did not take part: its rows of the stacked gradient are zero.
            double[] upGrad = analytic[3];
            for (int j = 0; j < 6; j++) {
                assertEquals(0.0, upGrad[j], 0.0);
            }
        }
    }

    @Test
    void allTasksAtOnceEqualsEachTaskAlone() {
        try (NDManager m = manager.newSubManager()) {
            LoraLinear lora = layer(3, 1, 1.0, false);
            MultiTaskModel model = MultiTaskModel.create(lora, m, new Shape(3, 6, 4));
            lora.up().getArray().set(uniform(m, 5, DataType.FLOAT32, 3, 3, 1).toFloatArray());
            NDArray x = uniform(m, 6, DataType.FLOAT32, 3, 6, 4);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray all = model.selectAllTasks().forward(ps, x, false);
            for (int t = 0; t < 3; t++) {
                NDArray one = model.selectTask(t).forward(ps, x.get(t), false);
                // float32 products of 4 terms: agreement to a few ulps of values of order 1.
                assertArrayEquals(one.toFloatArray(), all.get(t).toFloatArray(), 1e-5f);
            }
            // A leading task axis over [batch, tokens, in] inputs: [T, 2, 6, in].
            NDArray x4 = uniform(m, 7, DataType.FLOAT32, 3, 2, 6, 4);
            NDArray all4 = model.selectAllTasks().forward(ps, x4, false);
            assertEquals(new Shape(3, 2, 6, 3), all4.getShape());
            for (int t = 0; t < 3; t++) {
                assertArrayEquals(model.selectTask(t).forward(ps, x4.get(t), false).toFloatArray(),
                        all4.get(t).toFloatArray(), 1e-5f);
            }
            NDArray base = model.selectBase().forward(ps, x.get(0), false);
            NDArray expected = x.get(0).matMul(lora.weight().getArray().transpose());
            assertArrayEquals(expected.toFloatArray(), base.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void adapterStartsAsTheZeroUpdateAndScalesByAlphaOverRank() {
        try (NDManager m = manager.newSubManager()) {
            LoraLinear lora = layer(2, 2, 6.0, true);
            MultiTaskModel model = MultiTaskModel.create(lora, m, new Shape(1, 4));
            assertEquals(3.0f, lora.scaling());
            NDArray x = uniform(m, 8, DataType.FLOAT32, 7, 4);
            ParameterStore ps = new ParameterStore(m, false);
            assertArrayEquals(model.selectBase().forward(ps, x, false).toFloatArray(),
                    model.selectTask(1).forward(ps, x, false).toFloatArray(), 0f);
            assertEquals(new Shape(7, 3), lora.getOutputShapes(new Shape[] {new Shape(7, 4)})[0]);
            assertEquals(new Shape(2, 7, 3), lora.getOutputShapes(new Shape[] {new Shape(2, 7, 4)})[0]);
        }
    }

    @Test
    void sameSeedGivesSameInitialWeights() {
        try (NDManager m = manager.newSubManager()) {
            LoraLinear a = layer(2, 1, 1, true);
            LoraLinear b = layer(2, 1, 1, true);
            a.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            b.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            assertArrayEquals(a.weight().getArray().toFloatArray(), b.weight().getArray().toFloatArray(), 0f);
            assertArrayEquals(a.down().getArray().toFloatArray(), b.down().getArray().toFloatArray(), 0f);
            float bound = (float) (1 / Math.sqrt(4));
            for (float v : a.weight().getArray().toFloatArray()) {
                assertTrue(Math.abs(v) <= bound, "PyTorch default init lies in [-1/sqrt(in), 1/sqrt(in)]");
            }
        }
    }

    @Test
    void badArgumentsNameTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoraLinear.builder().in(0))
                .getMessage().startsWith("in:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoraLinear.builder().in(3).build())
                .getMessage().startsWith("in/out:"));
        LoraLinear lora = layer(2, 1, 1, true);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> lora.selectTask(2))
                .getMessage().startsWith("task:"));
        try (NDManager m = manager.newSubManager()) {
            MultiTaskModel model = MultiTaskModel.create(layer(2, 1, 1, true), m, new Shape(1, 4));
            NDArray x = uniform(m, 1, DataType.FLOAT32, 3, 5, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.selectAllTasks().forward(new ParameterStore(m, false), x, false));
            assertTrue(e.getMessage().contains("leading task axis"), e.getMessage());
        }
    }
}
