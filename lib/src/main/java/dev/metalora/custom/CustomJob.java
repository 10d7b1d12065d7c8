package dev.metalora.custom;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.metalora.core.TrialChunk;
import dev.metalora.nn.NnRuntime;
import dev.metalora.peft.FineTuneMethod;
import dev.metalora.peft.FineTuned;
import dev.metalora.peft.FineTuning;
import dev.metalora.peft.LoraConfig;
import dev.metalora.peft.OptimizerSpec;
import dev.metalora.peft.RetrainMethod;
import dev.metalora.peft.Retrained;
import dev.metalora.peft.Retraining;
import dev.metalora.plot.LiveFigure;
import dev.metalora.progress.Progress;
import dev.metalora.runner.Job;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Some trials of a custom experiment: for each trial, the family's tasks from the trial's seed,
 * then every retraining method from the same initial weights, each followed by every fine-tuning
 * method on every unseen task. {@link #exclusive() Exclusive}: it trains with DJL (one gradient
 * collector per JVM). Where it runs in the JVM of a notebook that shows a {@link LiveFigure}, it
 * feeds it the held-out errors after each epoch.
 */
final class CustomJob implements Job<TrialChunk<CustomConfig>, CustomTrials> {
    private static final long serialVersionUID = 1L;
    static final String RETRAINING = "retraining", FINE_TUNING = "fine-tuning";

    /** Declares the live figure's panels: held-out error per retraining epoch, test error per fine-tuning epoch. */
    static void panels(LiveFigure f) {
        f.panel(RETRAINING, "retraining epoch", "held-out MSE").panel(FINE_TUNING, "fine-tuning epoch", "test MSE");
    }

    @Override
    public boolean exclusive() {
        return true;
    }

    /** The seed of trial {@code trial}: independent streams per trial, the same on any runner. */
    static long trialSeed(long seed, int trial) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + trial).nextLong();
    }

    @Override
    public CustomTrials run(TrialChunk<CustomConfig> chunk, Progress progress) {
        long start = System.nanoTime();
        CustomConfig c = chunk.config();
        List<List<RegressionTask>> retraining = new ArrayList<>();
        List<List<RegressionTask>> unseen = new ArrayList<>();
        long total = 0;
        // The tasks of every trial first (held as Java arrays), so that progress knows the total.
        try (NDManager m = NnRuntime.newManager(Device.cpu())) {
            for (int i = 0; i < chunk.count(); i++) {
                Tasks t = c.tasks().sample(trialSeed(c.seed(), chunk.first() + i), m);
                retraining.add(t.retraining().stream().map(d -> new RegressionTask(d, c.batch())).toList());
                // Fine-tuning is full-batch: the few shots of an unseen task are one batch.
                unseen.add(t.unseen().stream().map(d -> new RegressionTask(d, Math.toIntExact(d.samples()))).toList());
                for (RetrainMethod method : c.methods()) {
                    total += retraining(c, method).steps(retraining.get(i));
                    for (FineTuneMethod f : c.fineTunes()) {
                        for (RegressionTask u : unseen.get(i)) {
                            total += fineTuning(c, f, method).steps(u);
                        }
                    }
                }
            }
        }
        progress.start("custom: " + c.methods().size() + " retraining x " + c.fineTunes().size()
                + " fine-tuning methods, " + c.trials() + " trials", total);
        LiveFigure figure = dev.metalora.plot.LiveRun.current();
        List<TrialCurves> out = new ArrayList<>();
        for (int i = 0; i < chunk.count(); i++) {
            int trial = chunk.first() + i;
            long seed = trialSeed(c.seed(), trial);
            figure.title("Your model, trial " + (trial + 1) + " of " + c.trials());
            try (NDManager manager = NnRuntime.newManager(Device.cpu())) {
                for (RetrainMethod method : c.methods()) {
                    out.addAll(trial(c, method, retraining.get(i), unseen.get(i), trial, seed, manager, figure, progress));
                }
            }
        }
        return new CustomTrials(out, (System.nanoTime() - start) / 1e9);
    }

    private static List<TrialCurves> trial(CustomConfig c, RetrainMethod method, List<RegressionTask> tasks,
                                           List<RegressionTask> unseen, int trial, long seed, NDManager root,
                                           LiveFigure figure, Progress progress) {
        List<TrialCurves> out = new ArrayList<>();
        try (NDManager manager = root.newSubManager()) {
            LiveFigure.Curve heldOut = figure.curve(RETRAINING, PairResult.display(method.id()));
            observeMean(tasks, heldOut);
            Retrained r = retraining(c, method).progress(progress).run(c.model(), tasks, seed, manager);
            double[] heldOutError = negate(r.validationScore());
            for (FineTuneMethod f : c.fineTunes()) {
                LiveFigure.Curve test = figure.curve(FINE_TUNING, PairResult.name(method.id(), f.id()));
                double[] testLoss = new double[c.fineTuneEpochs()];
                for (int u = 0; u < unseen.size(); u++) {
                    // The live curve follows the first unseen task; the result averages them all.
                    int[] epoch = new int[1];
                    unseen.get(u).observe(u == 0 ? error -> test.add(++epoch[0], error) : error -> {
                    });
                    FineTuned ft = fineTuning(c, f, method).progress(progress)
                            .run(c.model(), r.model(), unseen.get(u), seed * 7919 + f.ordinal() * 101L + u, manager);
                    double[] score = ft.score();
                    for (int e = 0; e < testLoss.length; e++) {
                        testLoss[e] -= score[e] / unseen.size();
                    }
                }
                out.add(new TrialCurves(method.id(), f.id(), trial, r.trainLoss(), heldOutError, r.bestEpoch(), testLoss));
            }
        }
        return out;
    }

    /** Reports, after every epoch, the mean of the tasks' held-out errors to {@code curve}. */
    private static void observeMean(List<RegressionTask> tasks, LiveFigure.Curve curve) {
        double[] sum = new double[1];
        int[] count = new int[1];
        for (RegressionTask t : tasks) {
            t.observe(error -> {
                sum[0] += error;
                if (++count[0] % tasks.size() == 0) {
                    curve.add(count[0] / tasks.size(), sum[0] / tasks.size());
                    sum[0] = 0;
                }
            });
        }
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    private static OptimizerSpec adamW(double lr, double weightDecay) {
        return OptimizerSpec.adamW(lr).withWeightDecay(weightDecay).withCosine();
    }

    static LoraConfig lora(CustomConfig c, int rank) {
        return LoraConfig.rank(rank).targets(c.targets().toArray(String[]::new));
    }

    static Retraining retraining(CustomConfig c, RetrainMethod m) {
        Retraining r = switch (m) {
            case STANDARD -> Retraining.standard();
            case LORA_ML -> Retraining.loraMl(lora(c, c.rank()));
            case LAST_LAYER_ML -> Retraining.lastLayerMl();
            case REPTILE -> Retraining.reptile();
        };
        r = r.epochs(c.epochs());
        return m == RetrainMethod.REPTILE
                ? r.optimizer(OptimizerSpec.adam(c.reptileLr())).inner(c.reptileInnerSteps(), OptimizerSpec.sgd(c.reptileInnerLr()))
                : r.optimizer(adamW(c.lr(), c.weightDecay()));
    }

    /** Fine-tuning after {@code base}; with {@code startFrom} t, LoRA of a LoRA-ML base and last layer of a last-layer-ML base start from task t's. */
    static FineTuning fineTuning(CustomConfig c, FineTuneMethod f, RetrainMethod base) {
        FineTuning ft = f == FineTuneMethod.LORA ? FineTuning.lora(lora(c, c.fineTuneRank())) : FineTuning.lastLayer();
        ft = ft.epochs(c.fineTuneEpochs()).optimizer(adamW(c.fineTuneLr(), c.weightDecay()));
        boolean ownPeft = (f == FineTuneMethod.LORA && base == RetrainMethod.LORA_ML)
                || (f == FineTuneMethod.LAST_LAYER && base == RetrainMethod.LAST_LAYER_ML);
        return c.startFrom() >= 0 && ownPeft ? ft.fromTask(c.startFrom()) : ft;
    }
}
