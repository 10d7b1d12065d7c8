package dev.metalora.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.metalora.nn.NnRuntime;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The factory, name-pattern targets, scaling, dropout and freezing of the PEFT layer. */
class PeftLayerTest extends NnTestSupport {
    static final String Q = "encoder.layer.0.attention.self.query";
    static final String K = "encoder.layer.0.attention.self.key";
    static final String V = "encoder.layer.0.attention.self.value";
    static final String D = "encoder.layer.0.output.dense";

    /** A small attention-shaped stack: query, key, value, dense (4 -> 4 each), then a head 4 -> 2. */
    static final ModelFactory STACK = (linears, seed) -> new SequentialBlock()
            .add(linears.linear(Q, 4, 4, true, seed))
            .add(linears.linear(K, 4, 4, true, seed + 1))
            .add(Activation::tanh)
            .add(linears.linear(V, 4, 4, true, seed + 2))
            .add(linears.linear(D, 4, 4, true, seed + 3))
            .add(linears.head("classifier", 4, 2, true, seed + 4));

    static MultiTaskModel build(Linears linears, NDManager m, DataType type) {
        Block b = STACK.build(linears, 5);
        linears.checkTargets();
        b.initialize(m, type, new Shape(3, 4));
        return MultiTaskModel.of(b);
    }

    @Test
    void targetsMatchTheLastNameComponentOrARegexOnTheFullName() {
        Linears byName = Linears.lora(LoraConfig.rank(1).targets("query", "value"), 2);
        try (NDManager m = manager.newSubManager()) {
            MultiTaskModel model = build(byName, m, DataType.FLOAT32);
            assertEquals(List.of(Q, V), byName.adaptedNames());
            assertEquals(List.of(Q, V), model.adaptedLayers().stream().map(LoraLinear::name).toList());
        }
        Linears byRegex = Linears.lora(LoraConfig.rank(1).targets("encoder\\.layer\\.\\d+\\.(output|attention\\.self)\\.(dense|key)"), 2);
        STACK.build(byRegex, 1);
        assertEquals(List.of(K, D), byRegex.adaptedNames());
        Linears all = Linears.lora(LoraConfig.rank(1), 2);
        STACK.build(all, 1);
        assertEquals(List.of(Q, K, V, D, "classifier"), all.adaptedNames(), "no targets: every linear layer");
    }

    @Test
    void gradientOfScaledAdaptersWithTargetsMatchesFiniteDifferences() {
        try (NDManager m = manager.newSubManager()) {
            // rank 2, alpha 6: scale 3, adapters in query and value only.
            MultiTaskModel model = build(Linears.lora(LoraConfig.rank(2).alpha(6).targets("query", "value"), 2), m,
                    DataType.FLOAT64).selectTask(1);
            for (LoraLinear l : model.adaptedLayers()) {
                assertEquals(3f, l.scaling());
                l.up().getArray().set(uniform(m, l.name().length(), DataType.FLOAT64, 2, 4, 2).toDoubleArray());
            }
            NDArray x = uniform(m, 11, DataType.FLOAT64, 3, 4);
            ParameterStore ps = new ParameterStore(m, false);
            List<Parameter> params = model.parameters().values().stream().toList();
            try (GradientCollector gc = NnRuntime.engine().newGradientCollector()) {
                gc.backward(model.forward(ps, x, true).sin().sum());
            }
            double h = 1e-6;
            for (Parameter p : params) {
                double[] analytic = p.getArray().getGradient().toDoubleArray();
                NDArray w = p.getArray();
                double[] values = w.toDoubleArray();
                for (int j = 0; j < values.length; j++) {
                    double keep = values[j];
                    values[j] = keep + h;
                    w.set(values);
                    double plus = model.forward(ps, x, false).sin().sum().getDouble();
                    values[j] = keep - h;
                    w.set(values);
                    double minus = model.forward(ps, x, false).sin().sum().getDouble();
                    values[j] = keep;
                    w.set(values);
                    // Central differences in float64: error O(h^2) plus rounding 1e-16 / h.
                    assertEquals((plus - minus) / (2 * h), analytic[j], 1e-7, p.getName() + "[" + j + "]");
                }
            }
            // Task 0's adapters get no gradient from task 1's loss.
            LoraLinear q = model.adaptedLayers().get(0);
            double[] g = q.down().getArray().getGradient().get(0).toDoubleArray();
            for (double v : g) {
                assertEquals(0.0, v);
            }
        }
    }

    @Test
    void dropoutActsOnTheAdapterInputOnlyAndNotInEvaluation() {
        try (NDManager m = manager.newSubManager()) {
            LoraLinear l = LoraLinear.builder().name("one").in(1).out(3).tasks(1).rank(1).dropout(0.5).seed(3).build();
            l.initialize(m, DataType.FLOAT32, new Shape(200, 1));
            l.up().getArray().set(new float[] {1, -2, 0.5f});
            MultiTaskModel model = MultiTaskModel.of(l).selectTask(0);
            NDArray x = m.ones(new Shape(200, 1));
            ParameterStore ps = new ParameterStore(m, false);
            float[] eval = model.forward(ps, x, false).toFloatArray();
            float[] base = x.matMul(l.weight().getArray().transpose()).add(l.bias().getArray()).toFloatArray();
            NnRuntime.engine().setRandomSeed(1);
            float[] train = model.forward(ps, x, true).toFloatArray();
            int dropped = 0;
            for (int i = 0; i < train.length; i++) {
                double adapter = eval[i] - base[i];
                double seen = train[i] - base[i];
                // With one input feature the mask keeps it (scaled by 1/(1-p) = 2) or drops it.
                boolean kept = Math.abs(seen - 2 * adapter) < 1e-5, gone = Math.abs(seen) < 1e-5;
                assertTrue(kept || gone, "row " + i / 3 + ": adapter term " + seen + " vs eval " + adapter);
                if (gone && i % 3 == 0) {
                    dropped++;
                }
            }
            // 200 Bernoulli(0.5) draws: 100 +- 7; 60..140 is more than five standard deviations.
            assertTrue(dropped > 60 && dropped < 140, "dropped " + dropped + " of 200");
        }
    }

    @Test
    void loraFineTuningLeavesEveryFrozenParameterBitIdentical() {
        try (NDManager m = manager.newSubManager()) {
            MultiTaskModel base = build(Linears.plain(), m, DataType.FLOAT32);
            FineTuning ft = FineTuning.lora(LoraConfig.rank(1).targets("query", "value")).epochs(5)
                    .optimizer(OptimizerSpec.adamW(1e-2));
            MultiTaskModel start = ft.startingPoint(STACK, base, new Shape(3, 4), 9, m);
            Map<String, float[]> before = start.snapshot();
            assertEquals(4, start.trainable().size(), "down and up of query and value");
            NDArray x = uniform(m, 1, 8, 4), y = uniform(m, 2, 8, 2);
            new TrainingLoop(ft.optimizer(), 20, "ft", null).run(start, new NDList(x, y),
                    (ps, s) -> start.forward(ps, x, true).sub(y).square().mean(), TrainingLoop.StepListener.none());
            Map<String, float[]> after = start.snapshot();
            for (Map.Entry<String, Parameter> p : start.parameters().entrySet()) {
                boolean trains = p.getValue().requiresGradient();
                assertEquals(trains, LoraLinear.isAdapter(p.getValue()), p.getKey());
                if (!trains) {
                    assertArrayEquals(before.get(p.getKey()), after.get(p.getKey()), p.getKey() + " is frozen");
                } else if (p.getKey().endsWith("loraUp")) {
                    assertFalse(java.util.Arrays.equals(before.get(p.getKey()), after.get(p.getKey())), p.getKey());
                }
            }
            // Rank-1 adapters of two 4 x 4 layers: (1 x 4 + 4 x 1) x 2 = 16 parameters train.
            assertEquals("trainable params: 16 || all params: " + start.trainableParameters().all() + " || trainable%: "
                    + String.format(java.util.Locale.ROOT, "%.4f", 1600.0 / start.trainableParameters().all()),
                    start.trainableParameters().toString());
        }
    }

    @Test
    void aPatternThatMatchesNothingNamesItAndTheLayersThatExist() {
        Linears l = Linears.lora(LoraConfig.rank(1).targets("query", "q_proj"), 2);
        STACK.build(l, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, l::checkTargets);
        assertTrue(e.getMessage().contains("'q_proj'") && e.getMessage().contains(Q) && e.getMessage().contains(D),
                e.getMessage());
    }

    @Test
    void aModelWithoutAdaptedLayersIsRejected() {
        Linears l = Linears.lora(LoraConfig.rank(1), 2);
        ModelFactory noLinear = (linears, seed) -> new SequentialBlock().add(Activation::relu);
        noLinear.build(l, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, l::checkTargets);
        assertTrue(e.getMessage().startsWith("model: no layer carries a LoRA adapter"), e.getMessage());
        Linears heads = Linears.lastLayer(LastLayerConfig.heads(), 2);
        noLinear.build(heads, 1);
        assertThrows(IllegalArgumentException.class, heads::checkTargets);
    }

    @Test
    void aRankAboveALayersWidthIsRejectedNamingTheLayer() {
        Linears l = Linears.lora(LoraConfig.rank(3), 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> STACK.build(l, 1));
        assertTrue(e.getMessage().contains("rank: 3") && e.getMessage().contains("classifier"), e.getMessage());
        // Leaving the narrow head out of the targets is fine.
        STACK.build(Linears.lora(LoraConfig.rank(3).targets("query"), 2), 1);
    }

    @Test
    void badConfigurationsNameTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoraConfig.rank(0)).getMessage().startsWith("rank:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoraConfig.rank(1).dropout(1)).getMessage()
                .startsWith("dropout:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoraConfig.rank(1).targets(""))
                .getMessage().startsWith("targets:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoraConfig.Bias.of("some")).getMessage()
                .contains("keep"));
        Linears twice = Linears.plain();
        twice.linear("a", 1, 1, true, 0);
        assertThrows(IllegalArgumentException.class, () -> twice.linear("a", 1, 1, true, 0));
    }
}
