package dev.metalora.vision;

import dev.metalora.peft.RetrainMethod;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.metalora.data.BinaryTask;
import dev.metalora.data.ImageSet;
import dev.metalora.data.Preprocessing;
import dev.metalora.nn.NnRuntime;
import dev.metalora.progress.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reptile (Nichol, Achiam, Schulman 2018) as the paper's baseline: in each outer epoch, for each
 * task t, a copy {@code theta_t} of the shared weights {@code theta} takes K SGD steps on task t's
 * mini-batches, then Adam steps {@code theta} with the outer gradient {@code (theta - theta_t) / T}.
 * Inner steps are not a training loop of their own: they are what defines the outer gradient.
 */
final class Reptile {
    private final TrainingSettings settings;
    private final Preprocessing train;
    private final Progress progress;

    Reptile(TrainingSettings settings, Preprocessing train, Progress progress) {
        this.settings = settings;
        this.train = train;
        this.progress = progress;
    }

    Retrained run(TaskModel model, List<BinaryTask> tasks, long seed) {
        int T = tasks.size();
        NDManager root = model.currentManager();
        TaskModel inner = TaskModel.create(model.config(), 0, 1, 1, seed, root);
        List<Batches> batches = new ArrayList<>();
        for (int t = 0; t < T; t++) {
            batches.add(new Batches(tasks.get(t).train(), train, settings.batch(), seed * 31 + t));
        }
        int[] cursor = new int[T];
        List<ImageSet> validation = tasks.stream().map(BinaryTask::test).toList();
        Optimizer outer = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) settings.reptileLr()))
                .optWeightDecays((float) settings.weightDecay()).build();
        Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed((float) settings.reptileInnerLr())).build();
        List<Parameter> theta = new ArrayList<>(model.parameters().values());
        List<Parameter> thetaT = new ArrayList<>(inner.parameters().values());
        NDArray[] pinned = new NDArray[theta.size() + thetaT.size()];
        for (int i = 0; i < theta.size(); i++) {
            pinned[i] = theta.get(i).getArray();
            pinned[theta.size() + i] = thetaT.get(i).getArray();
        }
        int epochs = settings.reptileEpochs();
        double[] accuracy = new double[epochs];
        double[] loss = new double[epochs];
        int bestEpoch = -1;
        Map<String, float[]> best = null;
        for (int e = 0; e < epochs; e++) {
            double lossSum = 0;
            for (int t = 0; t < T; t++) {
                inner.restore(model.snapshot());
                Batches b = batches.get(t);
                for (int k = 0; k < settings.reptileInnerSteps(); k++) {
                    Progress.checkInterrupted("reptile");
                    int index = cursor[t]++;
                    lossSum += sgdStep(inner, thetaT, pinned, sgd, b.batch(index / b.batchesPerEpoch(), index), b.images(), e);
                    progress.step(1);
                }
                // theta <- Adam(theta, (theta - theta_t) / T)
                try (NDManager scope = root.newSubManager()) {
                    scope.tempAttachAll(pinned);
                    for (int i = 0; i < theta.size(); i++) {
                        NDArray w = theta.get(i).getArray();
                        outer.update(theta.get(i).getId(), w, w.sub(thetaT.get(i).getArray()).div(T));
                    }
                }
            }
            loss[e] = lossSum / (T * settings.reptileInnerSteps());
            accuracy[e] = Evaluation.accuracy(model, validation, train.normalization(), settings.evalBatch());
            if (bestEpoch < 0 || accuracy[e] > accuracy[bestEpoch]) {
                bestEpoch = e;
                best = model.snapshot();
            }
        }
        model.restore(best);
        return new Retrained(RetrainMethod.REPTILE, model, accuracy, bestEpoch, loss);
    }

    private static float sgdStep(TaskModel inner, List<Parameter> params, NDArray[] pinned, Optimizer sgd,
                                 Batches.Batch batch, ImageSet like, int epoch) {
        try (NDManager scope = inner.currentManager().newSubManager()) {
            scope.tempAttachAll(pinned);
            ParameterStore ps = new ParameterStore(scope, false);
            float value;
            try (GradientCollector collector = NnRuntime.engine().newGradientCollector()) {
                NDArray logits = inner.logits(ps, Evaluation.images(scope, batch, like), true);
                NDArray loss = Evaluation.crossEntropy(logits, scope.create(batch.y()));
                collector.backward(loss);
                value = loss.getFloat();
            }
            if (!Float.isFinite(value) || value > 1e12) {
                throw new IllegalStateException("reptile diverged in an inner step of epoch " + epoch + " (loss "
                        + value + "); try a smaller inner learning rate");
            }
            for (Parameter p : params) {
                sgd.update(p.getId(), p.getArray(), p.getArray().getGradient());
            }
            return value;
        }
    }
}
