package dev.metalora.linear;

import dev.metalora.progress.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine sees each task's data only through {@code X X^T / N} and {@code Y X^T / N}; its
 * iterates must equal those of plain gradient descent on the full data, {@code grad = (Theta X - Y) X^T / N}.
 * The reference below is written independently with ND4J matrix ops on X and Y. Tolerance 1e-10
 * relative: both compute the same sums in different orders (rounding ~1e-15 per step), and gradient
 * descent at these step sizes is contractive, so the gap stays near rounding after tens of steps.
 */
class SufficientStatisticsTest {
    private static final int D = 4, K = 2, T = 3, N = 40, STEPS = 12, INNER = 3;
    private static final double INNER_LR = 0.01, OUTER_LR = 0.05;

    private static double relative(double[] got, INDArray want) {
        double[] w = Matrices.flat(want);
        return Math.sqrt(Matrices.squaredDistance(got, w) / Matrices.squaredDistance(w, new double[w.length]));
    }

    /** Full-data LoRA-ML: the same protocol, on X and Y. */
    private static final class FullData {
        final List<TaskData> data;
        final boolean symmetric, joint;
        INDArray a = Nd4j.zeros(D, D);
        final List<INDArray> u = new ArrayList<>(), v = new ArrayList<>();

        FullData(List<TaskData> data, double[] u0, double[] v0, boolean symmetric, boolean joint) {
            this.data = data;
            this.symmetric = symmetric;
            this.joint = joint;
            for (int t = 0; t < T; t++) {
                u.add(Matrices.matrix(java.util.Arrays.copyOfRange(u0, t * D * K, (t + 1) * D * K), D, K));
                v.add(symmetric ? u.get(t) : Matrices.matrix(java.util.Arrays.copyOfRange(v0, t * D * K, (t + 1) * D * K), D, K));
            }
        }

        INDArray gradient(int t) {
            INDArray x = data.get(t).x(), y = data.get(t).y();
            INDArray theta = a.add(u.get(t).mmul(v.get(t).transpose()));
            return theta.mmul(x).subi(y).mmul(x.transpose()).divi(N);
        }

        void adapterStep(int t, INDArray r) {
            INDArray gu = symmetric ? r.add(r.transpose()).mmul(u.get(t)) : r.mmul(v.get(t));
            INDArray gv = symmetric ? null : r.transpose().mmul(u.get(t));
            u.get(t).subi(gu.muli(INNER_LR));
            if (!symmetric) {
                v.get(t).subi(gv.muli(INNER_LR));
            }
        }

        void outerStep() {
            if (joint) {
                INDArray mean = Nd4j.zeros(D, D);
                List<INDArray> r = IntStream.range(0, T).mapToObj(this::gradient).toList();
                for (int t = 0; t < T; t++) {
                    mean.addi(r.get(t).div(T));
                    adapterStep(t, r.get(t));
                }
                a.subi(mean.muli(OUTER_LR));
                return;
            }
            for (int i = 0; i < INNER; i++) {
                for (int t = 0; t < T; t++) {
                    adapterStep(t, gradient(t));
                }
            }
            INDArray mean = Nd4j.zeros(D, D);
            for (int t = 0; t < T; t++) {
                mean.addi(gradient(t).divi(T));
            }
            a.subi(mean.muli(OUTER_LR));
        }
    }

    @ParameterizedTest(name = "symmetric={0} joint={1} kernel={2}")
    @CsvSource({"true,false,JAVA", "false,false,JAVA", "true,true,JAVA", "true,false,ND4J", "false,true,ND4J"})
    void loraMlIteratesEqualFullDataGradientIterates(boolean symmetric, boolean joint, Backend backend) {
        TaskFamily family = new TaskFamily(D, K, T, 0.1, symmetric, 7);
        List<TaskData> data = IntStream.range(0, T).mapToObj(t -> family.sample(t, N)).toList();
        RetrainingData stats = RetrainingData.sample(List.of(family), N);
        double[] u0 = Matrices.gaussian(new java.util.SplittableRandom(3), T * D, K, 0.5);
        double[] v0 = Matrices.gaussian(new java.util.SplittableRandom(4), T * D, K, 0.5);
        FullData full = new FullData(data, u0, v0, symmetric, joint);
        for (int s = 1; s <= STEPS; s++) {
            full.outerStep();
            var method = new LoraML(K, s, INNER, INNER_LR, OUTER_LR, symmetric, joint);
            Retrained r = method.retrain(backend.kernel(D), stats, u0, v0, Progress.none());
            assertTrue(relative(r.base(0), full.a) < 1e-10, "A after outer step " + s + ": " + relative(r.base(0), full.a));
            INDArray uAll = Nd4j.concat(0, full.u.toArray(INDArray[]::new));
            INDArray vAll = Nd4j.concat(0, full.v.toArray(INDArray[]::new));
            assertTrue(relative(r.adaptersU(), uAll) < 1e-10, "U after outer step " + s);
            assertTrue(relative(r.adaptersV(), vAll) < 1e-10, "V after outer step " + s);
        }
    }

    @Test
    void standardRetrainingIteratesEqualFullDataGradientIterates() {
        TaskFamily family = new TaskFamily(D, K, T, 0.1, true, 8);
        List<TaskData> data = IntStream.range(0, T).mapToObj(t -> family.sample(t, N)).toList();
        RetrainingData stats = RetrainingData.sample(List.of(family), N);
        INDArray a = Nd4j.zeros(D, D);
        for (int s = 1; s <= STEPS; s++) {
            INDArray mean = Nd4j.zeros(D, D);
            for (TaskData td : data) {
                mean.addi(a.mmul(td.x()).subi(td.y()).mmul(td.x().transpose()).divi(N * T));
            }
            a.subi(mean.muli(OUTER_LR));
            Retrained r = new StandardRetraining(s, OUTER_LR).retrain(JavaKernel.INSTANCE, stats, 0, Progress.none());
            assertTrue(relative(r.base(0), a) < 1e-10, "A after step " + s);
        }
    }

    @ParameterizedTest
    @CsvSource({"JAVA", "ND4J"})
    void fineTuningIteratesAndCurvesEqualFullDataOnes(Backend backend) {
        int r = 2;
        double lr = 0.02;
        TaskFamily family = new TaskFamily(D, K, T, 0.1, true, 9);
        TaskData td = family.sampleUnseen(0, N);
        INDArray target = family.unseen(0).theta();
        INDArray base = family.aStar().addi(Matrices.matrix(Matrices.gaussian(new java.util.SplittableRandom(6), D, D, 0.3), D, D));
        double[][] init = LoraFineTuning.initialFactors(D, r, 5);
        INDArray u = Matrices.matrix(init[0], D, r), v = Matrices.matrix(init[1], D, r);
        var ftData = new FineTuningData(D, List.of(Matrices.flat(base)), List.of(Matrices.flat(target)), List.of(td.stats()));
        FineTuned all = new LoraFineTuning(r, STEPS, lr).fineTune(backend.kernel(D), ftData, init[0], init[1],
                i -> "test", Progress.none());
        for (int s = 1; s <= STEPS; s++) {
            INDArray theta = base.add(u.mmul(v.transpose()));
            INDArray res = theta.mmul(td.x()).subi(td.y()).mmul(td.x().transpose()).divi(N);
            INDArray gu = res.mmul(v), gv = res.transpose().mmul(u);
            u.subi(gu.muli(lr));
            v.subi(gv.muli(lr));
            FineTuned f = new LoraFineTuning(r, s, lr).fineTune(backend.kernel(D), ftData, init[0], init[1],
                    i -> "test", Progress.none());
            assertTrue(relative(f.u(), u) < 1e-10, "U after step " + s);
            assertTrue(relative(f.v(), v) < 1e-10, "V after step " + s);
            INDArray e = target.sub(base.add(u.mmul(v.transpose())));
            double excess = e.norm2Number().doubleValue();
            double clean = e.mmul(td.x()).norm2Number().doubleValue();
            assertEquals(excess * excess, all.excessRisk()[0][s], 1e-10 * excess * excess, "excess risk at step " + s);
            assertEquals(clean * clean, all.cleanError()[0][s], 1e-10 * clean * clean, "clean error at step " + s);
        }
    }

    @Test
    void lossFromStatisticsEqualsLossOnData() {
        TaskFamily family = new TaskFamily(D, K, T, 0.1, false, 10);
        TaskData td = family.sample(1, N);
        INDArray theta = family.aStar();
        double direct = Math.pow(theta.mmul(td.x()).subi(td.y()).norm2Number().doubleValue(), 2) / (2.0 * N);
        // relative 1e-12: three sums of N terms each, same magnitude, rounding only
        assertEquals(direct, td.stats().loss(Matrices.flat(theta)), 1e-12 * direct);
    }
}
