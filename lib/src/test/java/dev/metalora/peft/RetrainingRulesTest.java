package dev.metalora.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Each retraining method's update rule against a hand computation on a tiny model,
 * {@code f_t(x) = c_t (a + s b_t d_t) x} (a 1 -> 1 body with LoRA factors d_t (down) and b_t (up),
 * a 1 -> 1 head), trained with plain SGD so one step is {@code w <- w - eta grad}: two steps of every
 * method recomputed in double arithmetic here, compared at float32 rounding (relative 1e-5).
 */
class RetrainingRulesTest extends NnTestSupport {
    static final ModelFactory TINY = (linears, seed) -> new SequentialBlock()
            .add(linears.linear("body", 1, 1, false, seed))
            .add(linears.head("head", 1, 1, false, seed + 1));
    static final double ETA = 0.1;
    static final double[] X = {0.5, -1.5};
    static final double[] Y = {1.0, 0.25};

    /** One example (or, pooled, several) in one batch; the score counts its calls so the last epoch is always best. */
    static class Tiny implements Task.Poolable {
        static int calls;
        final double[] x, y;

        Tiny(double[] x, double[] y) {
            this.x = x;
            this.y = y;
        }

        static List<Tiny> tasks() {
            return List.of(new Tiny(new double[] {X[0]}, new double[] {Y[0]}),
                    new Tiny(new double[] {X[1]}, new double[] {Y[1]}));
        }

        public Shape inputShape() {
            return new Shape(1, 1);
        }

        public int batchesPerEpoch() {
            return 1;
        }

        public Batch batch(NDManager m, long seed, int epoch, int index) {
            float[] xs = new float[x.length], ys = new float[y.length];
            for (int i = 0; i < x.length; i++) {
                xs[i] = (float) x[i];
                ys[i] = (float) y[i];
            }
            return new Batch(m.create(xs, new Shape(x.length, 1)), m.create(ys, new Shape(y.length, 1)));
        }

        public NDArray loss(NDArray output, NDArray target) {
            return output.sub(target).square().mean();
        }

        public double score(Forward model) {
            return ++calls;
        }

        public Task pool(List<? extends Task> tasks) {
            return new Tiny(X, Y);
        }
    }

    static double value(ai.djl.nn.Parameter p) {
        return p.getArray().toFloatArray()[0];
    }

    static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-5 * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void standardRetrainingTakesOneStepPerPooledBatchOnTheMeanLoss() {
        try (NDManager m = manager.newSubManager()) {
            Retraining sr = Retraining.standard().epochs(2).optimizer(OptimizerSpec.sgd(ETA));
            MultiTaskModel init = sr.newModel(TINY, 2, new Shape(1, 1), 3, m);
            double a = value(init.loraLayers().get(0).weight()), c = value(init.headLayers().get(0).heads().get(0).weight());
            for (int step = 0; step < 2; step++) {
                double ga = 0, gc = 0;
                for (int i = 0; i < 2; i++) {
                    double r = c * a * X[i] - Y[i];
                    ga += 2 * r * c * X[i] / 2;
                    gc += 2 * r * a * X[i] / 2;
                }
                a -= ETA * ga;
                c -= ETA * gc;
            }
            MultiTaskModel out = sr.run(TINY, Tiny.tasks(), 3, m).model();
            close(a, value(out.loraLayers().get(0).weight()), "a");
            close(c, value(out.headLayers().get(0).heads().get(0).weight()), "c");
        }
    }

    @Test
    void loraMlSumsTheTaskLossesOfARoundAndTakesOneStep() {
        try (NDManager m = manager.newSubManager()) {
            double s = 2; // alpha 2, rank 1
            Retraining ml = Retraining.loraMl(LoraConfig.rank(1).alpha(2).targets("body")).epochs(2)
                    .optimizer(OptimizerSpec.sgd(ETA));
            MultiTaskModel init = ml.newModel(TINY, 2, new Shape(1, 1), 4, m);
            LoraLinear body = init.adaptedLayers().get(0);
            assertEquals("body", body.name());
            double a = value(body.weight()), c = value(init.headLayers().get(0).heads().get(0).weight());
            float[] d0 = body.down().getArray().toFloatArray();
            double[] d = {d0[0], d0[1]}, b = {0, 0};
            for (int step = 0; step < 2; step++) {
                double ga = 0, gc = 0;
                double[] gb = new double[2], gd = new double[2];
                for (int t = 0; t < 2; t++) {
                    double e = a + s * b[t] * d[t];
                    double r = c * e * X[t] - Y[t];
                    ga += 2 * r * c * X[t];
                    gc += 2 * r * e * X[t];
                    gb[t] = 2 * r * c * X[t] * s * d[t];
                    gd[t] = 2 * r * c * X[t] * s * b[t];
                }
                a -= ETA * ga;
                c -= ETA * gc;
                for (int t = 0; t < 2; t++) {
                    b[t] -= ETA * gb[t];
                    d[t] -= ETA * gd[t];
                }
            }
            assertNotEquals(d0[0], d[0], "the second step moves the down-projections (b is no longer 0)");
            MultiTaskModel out = ml.run(TINY, Tiny.tasks(), 4, m).model();
            LoraLinear trained = out.adaptedLayers().get(0);
            close(a, value(trained.weight()), "a");
            close(c, value(out.headLayers().get(0).heads().get(0).weight()), "c");
            float[] up = trained.up().getArray().toFloatArray(), down = trained.down().getArray().toFloatArray();
            for (int t = 0; t < 2; t++) {
                close(b[t], up[t], "b_" + t);
                close(d[t], down[t], "d_" + t);
            }
        }
    }

    @Test
    void lastLayerMlTrainsTheSharedBodyAndOneHeadPerTask() {
        try (NDManager m = manager.newSubManager()) {
            Retraining ll = Retraining.lastLayerMl().epochs(2).optimizer(OptimizerSpec.sgd(ETA));
            MultiTaskModel init = ll.newModel(TINY, 2, new Shape(1, 1), 5, m);
            assertEquals(2, init.heads());
            double a = value(init.loraLayers().get(0).weight());
            double[] c = {value(init.headLayers().get(0).heads().get(0).weight()),
                    value(init.headLayers().get(0).heads().get(1).weight())};
            for (int step = 0; step < 2; step++) {
                double ga = 0;
                double[] gc = new double[2];
                for (int t = 0; t < 2; t++) {
                    double r = c[t] * a * X[t] - Y[t];
                    ga += 2 * r * c[t] * X[t];
                    gc[t] = 2 * r * a * X[t];
                }
                a -= ETA * ga;
                c[0] -= ETA * gc[0];
                c[1] -= ETA * gc[1];
            }
            MultiTaskModel out = ll.run(TINY, Tiny.tasks(), 5, m).model();
            close(a, value(out.loraLayers().get(0).weight()), "a");
            for (int t = 0; t < 2; t++) {
                close(c[t], value(out.headLayers().get(0).heads().get(t).weight()), "c_" + t);
            }
        }
    }

    @Test
    void reptileMovesTheWeightsTowardsEachTasksInnerSolution() {
        try (NDManager m = manager.newSubManager()) {
            double inner = 0.05, outer = 0.5;
            int k = 2;
            Retraining rep = Retraining.reptile().epochs(1).optimizer(OptimizerSpec.sgd(outer))
                    .inner(k, OptimizerSpec.sgd(inner));
            MultiTaskModel init = rep.newModel(TINY, 2, new Shape(1, 1), 6, m);
            double a = value(init.loraLayers().get(0).weight()), c = value(init.headLayers().get(0).heads().get(0).weight());
            for (int t = 0; t < 2; t++) {
                double at = a, ct = c;
                for (int step = 0; step < k; step++) {
                    double r = ct * at * X[t] - Y[t];
                    double ga = 2 * r * ct * X[t], gc = 2 * r * at * X[t];
                    at -= inner * ga;
                    ct -= inner * gc;
                }
                // theta <- theta - outer (theta - theta_t) / T
                a -= outer * (a - at) / 2;
                c -= outer * (c - ct) / 2;
            }
            Retrained r = rep.run(TINY, Tiny.tasks(), 6, m);
            assertEquals(RetrainMethod.REPTILE, r.method());
            close(a, value(r.model().loraLayers().get(0).weight()), "a");
            close(c, value(r.model().headLayers().get(0).heads().get(0).weight()), "c");
        }
    }

    @Test
    void fewerThanTwoTasksOrMismatchedInputsAreRejected() {
        try (NDManager m = manager.newSubManager()) {
            IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                    () -> Retraining.standard().run(TINY, Tiny.tasks().subList(0, 1), 1, m));
            assertTrue(one.getMessage().startsWith("tasks: retraining needs at least 2 tasks, got 1"), one.getMessage());
            Tiny wide = new Tiny(X, Y) {
                @Override
                public Shape inputShape() {
                    return new Shape(1, 3);
                }
            };
            IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class,
                    () -> Retraining.loraMl(LoraConfig.rank(1)).run(TINY, List.of(Tiny.tasks().get(0), wide), 1, m));
            assertTrue(shapes.getMessage().contains("(1, 1)") && shapes.getMessage().contains("(1, 3)"),
                    shapes.getMessage());
        }
    }
}
