package dev.metalora.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import dev.metalora.progress.InterruptedRunException;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingLoopTest extends NnTestSupport {
    private static final int TASKS = 2;
    private static final int DIM = 4;
    private static final int SAMPLES = 32;
    /** A small instance of the shallow network: LoRA linear, sigmoid, linear to one output. */
    private static MultiTaskModel model(NDManager m, int tasks) {
        SequentialBlock net = new SequentialBlock()
                .add(LoraLinear.builder().in(DIM).out(DIM).bias(false).tasks(tasks).rank(1).seed(1).build())
                .add(Activation::sigmoid)
                .add(LoraLinear.builder().in(DIM).out(1).bias(false).seed(2).build());
        return MultiTaskModel.create(net, m, new Shape(TASKS, SAMPLES, DIM));
    }

    /** Summed mean-squared task losses, all tasks in one batched pass. */
    private static TrainingLoop.Objective mse(MultiTaskModel model, NDArray x, NDArray y) {
        return (ps, step) -> model.forward(ps, x, true).sub(y).square().sum().div(SAMPLES);
    }

    private static long liveArrays(NDManager m) {
        return m.getManagedArrays().size();
    }

    @Test
    void memoryStaysFlatOverTwentyThousandSteps() {
        try (NDManager m = manager.newSubManager()) {
            MultiTaskModel model = model(m, TASKS).selectAllTasks();
            NDArray x = uniform(m, 1, TASKS, SAMPLES, DIM);
            NDArray y = uniform(m, 2, TASKS, SAMPLES, 1);
            long[] counts = new long[2];
            TrainingLoop.StepListener probe = (step, loss) -> {
                if (step == 999) {
                    counts[0] = liveArrays(m);
                } else if (step == 19_999) {
                    counts[1] = liveArrays(m);
                }
            };
            long before = liveArrays(m);
            float[] losses = TrainingLoop.of(OptimizerSpec.adamW(1e-3), 20_000).run(model, new NDList(x, y),
                    mse(model, x, y), probe);
            // Inside a step the scope holds that step's temporaries: same count at step 1000 and 20000.
            assertEquals(counts[0], counts[1], "live arrays during step 1000 vs step 20000");
            // After the loop every temporary is gone: only parameters and data remain.
            assertEquals(before, liveArrays(m), "live arrays before vs after the loop");
            assertTrue(losses[19_999] < losses[0], "training reduces the loss");
        }
    }

    @Test
    void miniBatchesMadeInTheStepScopeAreFreedWithIt() {
        try (NDManager m = manager.newSubManager()) {
            MultiTaskModel model = model(m, TASKS).selectAllTasks();
            NDManager own = model.currentManager();
            NDManager[] seen = new NDManager[1];
            long before = liveArrays(m);
            TrainingLoop.of(OptimizerSpec.adam(1e-3), 200).run(model, new NDList(), (ps, step) -> {
                NDManager scope = model.currentManager();
                seen[0] = scope;
                NDArray x = uniform(scope, step, TASKS, SAMPLES, DIM); // this step's batch
                NDArray y = uniform(scope, -step, TASKS, SAMPLES, 1);
                return model.forward(ps, x, true).sub(y).square().sum().div(SAMPLES);
            }, TrainingLoop.StepListener.none());
            assertTrue(seen[0] != own, "inside a step the parameters belong to the step's scope");
            assertEquals(own, model.currentManager(), "after the loop they are back with their manager");
            assertEquals(before, liveArrays(m));
        }
    }

    @Test
    void frozenBaseStaysBitIdenticalWhileAdaptersTrain() {
        try (NDManager m = manager.newSubManager()) {
            MultiTaskModel model = model(m, TASKS).freezeBase().selectAllTasks();
            float[][] base = model.baseParameters().stream().map(p -> p.getArray().toFloatArray()).toArray(float[][]::new);
            float[][] adapters = model.adapterParameters().stream().map(p -> p.getArray().toFloatArray()).toArray(float[][]::new);
            NDArray x = uniform(m, 3, TASKS, SAMPLES, DIM);
            NDArray y = uniform(m, 4, TASKS, SAMPLES, 1);
            // AdamW's decoupled weight decay would move any parameter it touched, even at zero gradient.
            TrainingLoop.of(OptimizerSpec.adamW(1e-2), 50).run(model, new NDList(x, y), mse(model, x, y),
                    TrainingLoop.StepListener.none());
            for (int i = 0; i < base.length; i++) {
                assertArrayEquals(base[i], model.baseParameters().get(i).getArray().toFloatArray(), 0f);
            }
            for (int i = 0; i < adapters.length; i++) {
                assertFalse(java.util.Arrays.equals(adapters[i], model.adapterParameters().get(i).getArray().toFloatArray()),
                        "adapter " + i + " trained");
            }
        }
    }

    @Test
    void fineTuningStartsFromTheRetrainedBase() {
        try (NDManager m = manager.newSubManager()) {
            ModelFactory net = (linears, seed) -> new SequentialBlock()
                    .add(linears.linear("hidden", DIM, DIM, false, seed))
                    .add(Activation::sigmoid)
                    .add(linears.linear("output", DIM, 1, false, seed + 1));
            MultiTaskModel retrained = Retraining.loraMl(LoraConfig.rank(1).targets("hidden"))
                    .newModel(net, TASKS, new Shape(SAMPLES, DIM), 1, m);
            MultiTaskModel tuned = FineTuning.lora(LoraConfig.rank(3).targets("hidden"))
                    .startingPoint(net, retrained, new Shape(SAMPLES, DIM), 9, m);
            assertEquals(1, tuned.tasks());
            assertEquals(2, tuned.adapterParameters().size());
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(retrained.baseParameters().get(i).getArray().toFloatArray(),
                        tuned.baseParameters().get(i).getArray().toFloatArray(), 0f);
                assertFalse(tuned.baseParameters().get(i).requiresGradient(), "base frozen");
            }
            assertEquals(new Shape(1, DIM, 3), tuned.loraLayers().get(0).up().getArray().getShape());
        }
    }

    @Test
    void interruptStopsCleanlyAtTheNextStep() {
        try (NDManager m = manager.newSubManager()) {
            MultiTaskModel model = model(m, TASKS).selectAllTasks();
            NDArray x = uniform(m, 5, TASKS, SAMPLES, DIM);
            NDArray y = uniform(m, 6, TASKS, SAMPLES, 1);
            int[] done = {0};
            TrainingLoop loop = TrainingLoop.of(OptimizerSpec.adam(1e-3), 1000).method("LoRA-ML");
            InterruptedRunException e = assertThrows(InterruptedRunException.class, () -> loop.run(model,
                    new NDList(x, y), mse(model, x, y), (step, loss) -> {
                        done[0] = step + 1;
                        if (step == 4) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            assertEquals(5, done[0]);
            assertTrue(e.getMessage().contains("LoRA-ML"), e.getMessage());
            assertFalse(Thread.currentThread().isInterrupted(), "the flag is consumed");
            // The gradient collector was closed: another loop can run.
            assertEquals(3, loop.withSteps(3).run(model, new NDList(x, y), mse(model, x, y),
                    TrainingLoop.StepListener.none()).length);
        }
    }

    @Test
    void divergenceStopsWithTheStepAndAHint() {
        try (NDManager m = manager.newSubManager()) {
            MultiTaskModel model = model(m, TASKS).selectAllTasks();
            NDArray x = uniform(m, 7, TASKS, SAMPLES, DIM);
            NDArray y = uniform(m, 8, TASKS, SAMPLES, 1).mul(1e7f); // squared error ~1e14 > 1e12
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> TrainingLoop.of(OptimizerSpec.adamW(1e-3), 10).method("SR").run(model, new NDList(x, y),
                            mse(model, x, y), TrainingLoop.StepListener.none()));
            assertTrue(e.getMessage().contains("SR diverged at step 0"), e.getMessage());
            assertTrue(e.getMessage().contains("smaller"), e.getMessage());
        }
    }
}
