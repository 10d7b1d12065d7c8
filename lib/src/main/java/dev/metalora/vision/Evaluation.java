package dev.metalora.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.metalora.data.Augmentation;
import dev.metalora.data.ImageSet;
import dev.metalora.data.Normalization;
import dev.metalora.data.Preprocessing;


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
        Preprocessing pre = new Preprocessing(norm, Augmentation.none());
        return model.model().score(task, new ImageTask(images, images, pre, 1, batch));
    }
}
