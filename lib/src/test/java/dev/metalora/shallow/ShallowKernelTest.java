package dev.metalora.shallow;

import dev.metalora.nn.WithManager;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.metalora.peft.MultiTaskModel;
import dev.metalora.peft.OptimizerSpec;
import dev.metalora.peft.TrainingLoop;
import dev.metalora.progress.Progress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plain-Java engine ({@link ShallowKernel}) against DJL's autodiff path
 * ({@link StackedShallowNet} trained by {@link TrainingLoop}): every iterate (loss, base distance,
 * clean error and every weight) after each of a few hundred steps, for LoRA-ML and SR retraining
 * and for fine-tuning.
 *
 * <p>Tolerance. Both compute the same float32 operations; only the order of the terms in the sums
 * over the samples differs (PyTorch's blocked GEMM and reductions against eight partial sums here),
 * a relative difference of a few float32 ulps (eps = 6e-8) in each gradient entry per step. Adam
 * divides the first moment by the root of the second, so a relative gradient error becomes a
 * relative step error of the same size, and the weights accumulate it additively: after s steps the
 * relative difference is bounded by about c * eps * s with c a small constant. We allow
 * {@code eps * steps} (eps = 1.2e-7, so 3.6e-5 for 300 steps at lr 1e-2); the measured worst over
 * all iterates and all five cases was 1.9e-6 (about 16 eps: the differences do not grow like the
 * bound). A wrong gradient (a missing factor 2, a
 * transposed product, a dropped task) or a wrong optimiser constant (epsilon outside the root, the
 * decay inside the moment) moves the weights at order lr per step, 1e-2 here: hundreds of times
 * the bound.
 */
class ShallowKernelTest extends WithManager {
    private static final double EPS = Math.ulp(1f);
    private static final int STEPS = 300;
    private static final OptimizerSpec ADAM_W = OptimizerSpec.adamW(1e-2);

    /** One network's data: T tasks of n samples of dimension d, as columns. */
    private record Data(int d, int tasks, int n, float[] x, float[] y, float[] clean, float[] aStar) {
        static Data of(int d, int tasks, int n, long seed) {
            ShallowTaskFamily f = ShallowTaskFamily.sample(d, tasks, 1, 0.1, seed);
            SplittableRandom rng = new SplittableRandom(seed + 1);
            float[] x = new float[tasks * d * n], y = new float[tasks * n], clean = new float[tasks * n];
            for (int t = 0; t < tasks; t++) {
                ShallowSample s = f.sample(t, n, rng);
                ShallowTrials.putColumns(x, t, s.x(), n, d);
                System.arraycopy(s.y(), 0, y, t * n, n);
                System.arraycopy(s.clean(), 0, clean, t * n, n);
            }
            return new Data(d, tasks, n, x, y, clean, ShallowRetraining.flat(f.aStar()));
        }
    }

    /** Per step: the loss, the base distance (retraining) or clean error (fine-tuning), and the weights. */
    private record Iterates(List<float[]> metrics, List<float[][]> weights) {
    }

    private static Iterates djl(Data data, int rank, float[] w, float[] c, float[] down, boolean frozenBase,
                                OptimizerSpec opt) {
        int d = data.d, tasks = data.tasks, n = data.n;
        List<float[]> metrics = new ArrayList<>();
        List<float[][]> weights = new ArrayList<>();
        try (NDManager scope = manager.newSubManager()) {
            int r = Math.max(rank, 1);
            var net = new StackedShallowNet(1, d, tasks, r, w, c, rank == 0 ? new float[tasks * r * d] : down,
                    new float[tasks * d * r]);
            MultiTaskModel model = MultiTaskModel.create(net, scope, new Shape(1, tasks, d, n));
            if (frozenBase) {
                model.freezeBase();
            }
            NDArray xs = scope.create(data.x, new Shape(1, tasks, d, n));
            NDArray ys = scope.create(data.y, new Shape(1, tasks, 1, n));
            NDArray cs = scope.create(data.clean, new Shape(1, tasks, 1, n));
            NDArray target = scope.create(data.aStar, new Shape(1, d, d));
            ParameterStore eval = new ParameterStore(scope, false);
            new TrainingLoop(opt, STEPS, "test", Progress.none()).run(model, new NDList(xs, ys, cs, target),
                    (ps, s) -> model.forward(ps, xs, true).sub(ys).square().sum().div(n), (s, loss) -> {
                        float second = frozenBase
                                ? model.forward(eval, xs, false).sub(cs).square().sum().div(n).getFloat()
                                : net.weight().getArray().sub(target).square().sum().sqrt().getFloat();
                        metrics.add(new float[] {loss, second});
                        weights.add(new float[][] {net.weight().getArray().toFloatArray(),
                                net.output().getArray().toFloatArray(), net.down().getArray().toFloatArray(),
                                net.up().getArray().toFloatArray()});
                    });
        }
        return new Iterates(metrics, weights);
    }

    private static Iterates java(Data data, int rank, float[] w, float[] c, float[] down, boolean frozenBase,
                                 OptimizerSpec opt) {
        int d = data.d, tasks = data.tasks;
        var net = new ShallowKernel(d, tasks, rank, data.n, w, c, rank == 0 ? new float[0] : down,
                new float[tasks * d * rank], data.x, data.y, opt, frozenBase);
        List<float[]> metrics = new ArrayList<>();
        List<float[][]> weights = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            float loss = (float) net.step(s);
            float second = (float) (frozenBase ? net.loss(ShallowKernel.blocks(data.clean, tasks, data.n)) : net.distance(data.aStar));
            metrics.add(new float[] {loss, second});
            int r = Math.max(rank, 1);
            weights.add(new float[][] {net.w.clone(), net.c.clone(),
                    rank == 0 ? new float[tasks * r * d] : net.down.clone(),
                    rank == 0 ? new float[tasks * d * r] : net.up.clone()});
        }
        return new Iterates(metrics, weights);
    }

    /** The worst relative difference over steps, of each metric and each weight (max-norm relative to the reference's). */
    private static double worst(Iterates a, Iterates ref) {
        double worst = 0;
        for (int s = 0; s < STEPS; s++) {
            worst = Math.max(worst, relative(a.metrics.get(s), ref.metrics.get(s), true));
            for (int p = 0; p < 4; p++) {
                worst = Math.max(worst, relative(a.weights.get(s)[p], ref.weights.get(s)[p], false));
            }
        }
        return worst;
    }

    private static double relative(float[] a, float[] b, boolean each) {
        double diff = 0, scale = 0, worst = 0;
        for (int i = 0; i < b.length; i++) {
            double e = Math.abs((double) a[i] - b[i]);
            if (each) {
                worst = Math.max(worst, e / Math.max(Math.abs(b[i]), 1e-30));
            }
            diff = Math.max(diff, e);
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return each ? worst : scale == 0 ? diff : diff / scale;
    }

    private static void assertEqualToRounding(Iterates java, Iterates djl, String what) {
        double worst = worst(java, djl);
        double bound = EPS * STEPS;
        assertTrue(worst <= bound, what + ": worst relative difference " + worst + " over " + STEPS
                + " steps, allowed " + bound);
        System.out.printf("%s, %s: worst relative difference %.2e over %d steps (bound %.2e)%n", what,
                ShallowKernel.VECTOR ? "vector API" : "plain loops", worst, STEPS, bound);
    }

    @Test
    void loraMlRetrainingIteratesEqualDjlAutodiffToFloat32Rounding() {
        for (int rank : new int[] {1, 2}) {
            Data data = Data.of(5, 3, 200, 7 + rank);
            ShallowNet.Initial init = ShallowNet.initial(5, 3, rank, 11 + rank);
            assertEqualToRounding(java(data, rank, init.weight(), init.output(), init.down(), false, ADAM_W),
                    djl(data, rank, init.weight(), init.output(), init.down(), false, ADAM_W), "LoRA-ML rank " + rank);
        }
    }

    @Test
    void standardRetrainingIteratesEqualDjlAutodiffToFloat32Rounding() {
        Data data = Data.of(5, 3, 200, 21);
        ShallowNet.Initial init = ShallowNet.initial(5, 0, 1, 22);
        assertEqualToRounding(java(data, 0, init.weight(), init.output(), null, false, ADAM_W),
                djl(data, 0, init.weight(), init.output(), null, false, ADAM_W), "SR");
    }

    @Test
    void adamWithL2DecayAndACosineRateAlsoEqualDjl() {
        OptimizerSpec adam = OptimizerSpec.adam(1e-2).withWeightDecay(0.05).withCosine(STEPS);
        Data data = Data.of(4, 2, 100, 31);
        ShallowNet.Initial init = ShallowNet.initial(4, 2, 1, 32);
        assertEqualToRounding(java(data, 1, init.weight(), init.output(), init.down(), false, adam),
                djl(data, 1, init.weight(), init.output(), init.down(), false, adam), "Adam, L2 decay, cosine");
    }

    /**
     * Hidden units saturated far beyond the sigmoid's bound of 50 (where the engine holds
     * sigmoid(-50) = 1.9e-22 and PyTorch computes the true, smaller value): weights 250 times the
     * initial ones put most pre-activations past +-50. The difference is about 2e-22 in a hidden
     * value and in the gradients of saturated units, which Adam's epsilon (1e-8) shrinks below any
     * weight's rounding, so the iterates still agree to the same bound.
     */
    @Test
    void unitsSaturatedBeyondTheSigmoidsBoundStillEqualDjl() {
        Data data = Data.of(8, 2, 200, 51);
        ShallowNet.Initial init = ShallowNet.initial(8, 2, 1, 52);
        float[] w = init.weight().clone();
        for (int i = 0; i < w.length; i++) {
            w[i] *= 250;
        }
        int beyond = 0;
        for (int s = 0; s < data.n; s++) {
            for (int i = 0; i < data.d; i++) {
                float z = 0;
                for (int j = 0; j < data.d; j++) {
                    z += w[i * data.d + j] * data.x[j * data.n + s];
                }
                beyond += Math.abs(z) > 50 ? 1 : 0;
            }
        }
        assertTrue(beyond > data.n * data.d / 4, "only " + beyond + " of " + data.n * data.d + " pre-activations beyond 50");
        assertEqualToRounding(java(data, 1, w, init.output(), init.down(), false, ADAM_W),
                djl(data, 1, w, init.output(), init.down(), false, ADAM_W), "saturated, LoRA-ML");
    }

    @Test
    void fineTuningIteratesEqualDjlAutodiffAndKeepTheBaseBitIdentical() {
        Data data = Data.of(6, 1, 80, 41);
        ShallowNet.Initial base = ShallowNet.initial(6, 0, 1, 42);
        float[] adapter = ShallowNet.initial(6, 1, 2, 43).down();
        Iterates java = java(data, 2, base.weight(), base.output(), adapter, true, ADAM_W);
        assertEqualToRounding(java, djl(data, 2, base.weight(), base.output(), adapter, true, ADAM_W), "fine-tuning");
        assertArrayEquals(base.weight(), java.weights.get(STEPS - 1)[0]);
        assertArrayEquals(base.output(), java.weights.get(STEPS - 1)[1]);
    }

    @Test
    void initialWeightsWithoutAnEngineAreTheBlocksInitialWeights() {
        try (NDManager scope = manager.newSubManager()) {
            MultiTaskModel model = ShallowNet.create(7, 3, 2, 99, scope);
            ShallowNet.Initial init = ShallowNet.initial(7, 3, 2, 99);
            assertArrayEquals(ShallowNet.hidden(model).weight().getArray().toFloatArray(), init.weight());
            assertArrayEquals(model.loraLayers().get(1).weight().getArray().toFloatArray(), init.output());
            assertArrayEquals(ShallowNet.hidden(model).down().getArray().toFloatArray(), init.down());
        }
    }

    @Test
    void bothEnginesGiveTheSameCurvesForEveryMethodAndTrial() {
        List<ShallowTrials.Trial> trials = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ShallowTaskFamily family = ShallowTaskFamily.sample(4, 2, 1, 0.1, 50 + i);
            SplittableRandom rng = new SplittableRandom(60 + i);
            List<ShallowSample> data = List.of(family.sample(0, 60, rng), family.sample(1, 60, rng));
            trials.add(new ShallowTrials.Trial(family, data, family.sample(family.unseen(), 30, rng), 70 + i, 80 + i));
        }
        List<ShallowRetraining> methods = List.of(ShallowRetraining.loraMl(1).withEpochs(200).withOptimizer(ADAM_W),
                ShallowRetraining.standard().withEpochs(200).withOptimizer(ADAM_W));
        ShallowFineTuning ft = ShallowFineTuning.of(2).withEpochs(100).withOptimizer(ADAM_W);
        var djl = ShallowTrials.run(methods, ft, trials, manager, Progress.none(), ShallowTrials.Engine.DJL, 1);
        var java = ShallowTrials.run(methods, ft, trials, null, Progress.none(), ShallowTrials.Engine.JAVA, 2);
        double worst = 0;
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 3; i++) {
                var a = java.get(k).get(i);
                var b = djl.get(k).get(i);
                worst = Math.max(worst, relative(a.trainLoss(), b.trainLoss(), true));
                worst = Math.max(worst, relative(a.baseDistance(), b.baseDistance(), true));
                worst = Math.max(worst, relative(a.fineTuneLoss(), b.fineTuneLoss(), true));
                worst = Math.max(worst, relative(a.cleanError(), b.cleanError(), true));
            }
        }
        // 300 steps in all (200 + 100): the same bound as above.
        assertTrue(worst <= EPS * 300, "worst relative difference " + worst);
        // The networks share nothing, so how many threads train them changes no bit.
        var oneThread = ShallowTrials.run(methods, ft, trials, null, Progress.none(), ShallowTrials.Engine.JAVA, 1);
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(oneThread.get(k).get(i).baseDistance(), java.get(k).get(i).baseDistance());
                assertArrayEquals(oneThread.get(k).get(i).cleanError(), java.get(k).get(i).cleanError());
            }
        }
    }

    @Test
    void anUnknownEngineOrThreadCountNamesTheParameter() {
        var e = assertThrows(IllegalArgumentException.class, () -> ShallowTrials.Engine.of("tensorflow"));
        assertTrue(e.getMessage().startsWith("engine: 'tensorflow'") && e.getMessage().contains("djl"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ShallowTrials.run(List.of(ShallowRetraining.standard()),
                ShallowFineTuning.of(1), List.of(), null, Progress.none(), ShallowTrials.Engine.JAVA, 0));
        assertTrue(e.getMessage().startsWith("threads:"), e.getMessage());
    }
}
