package dev.metalora.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.metalora.data.Augmentation;
import dev.metalora.data.ImageSet;
import dev.metalora.data.Normalization;
import dev.metalora.data.Preprocessing;

import java.util.List;

/** Cross-entropy and accuracy of a {@link TaskModel}. */
public final class Evaluation {
    private Evaluation() {
    }

    /** Mean cross-entropy {@code -1/B sum_i log softmax(z_i)[y_i]} of logits {@code [B, K]}. */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        long classes = logits.getShape().get(1);
        return logits.logSoftmax(1).mul(labels.oneHot((int) classes)).sum(new int[]{1}).mean().neg();
    }

    /** Images of a batch as an array of the manager, shape {@code [B, C, H, W]}. */
    public static NDArray images(NDManager manager, Batches.Batch b, ImageSet like) {
        return manager.create(b.x(), new Shape(b.size(), like.channels(), like.height(), like.width()));
    }

    /**
     * Fraction of {@code images} whose predicted class (arg-max logit, task {@code task} selected,
     * no dropout, no augmentation) equals the label.
     */
    public static double accuracy(TaskModel model, int task, ImageSet images, Normalization norm, int batch) {
        long correct = correct(model, task, images, norm, batch);
        return (double) correct / images.size();
    }

    /** Accuracy over the union of several tasks' sets: total correct over total images. */
    public static double accuracy(TaskModel model, List<ImageSet> perTask, Normalization norm, int batch) {
        long correct = 0, total = 0;
        for (int t = 0; t < perTask.size(); t++) {
            correct += correct(model, t, perTask.get(t), norm, batch);
            total += perTask.get(t).size();
        }
        return (double) correct / total;
    }

    private static long correct(TaskModel model, int task, ImageSet images, Normalization norm, int batch) {
        model.select(task);
        Preprocessing pre = new Preprocessing(norm, Augmentation.none());
        List<NDArray> params = model.parameters().values().stream().map(Parameter::getArray).toList();
        long correct = 0;
        try (NDManager scope = model.currentManager().newSubManager()) {
            scope.tempAttachAll(params.toArray(NDArray[]::new));
            ParameterStore ps = new ParameterStore(scope, false);
            int batches = (images.size() + batch - 1) / batch;
            for (int i = 0; i < batches; i++) {
                try (NDManager step = scope.newSubManager()) {
                    Batches.Batch b = Batches.sequential(images, pre, batch, i);
                    NDArray logits = model.logits(ps, images(step, b, images), false);
                    int[] pred = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
                    for (int k = 0; k < pred.length; k++) {
                        if (pred[k] == b.y()[k]) {
                            correct++;
                        }
                    }
                }
            }
        }
        return correct;
    }
}
