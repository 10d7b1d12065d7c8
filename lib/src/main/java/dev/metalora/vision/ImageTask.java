package dev.metalora.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.metalora.data.Augmentation;
import dev.metalora.data.ImageSet;
import dev.metalora.data.Preprocessing;
import dev.metalora.peft.Task;

import java.util.List;

/**
 * A binary image task as the PEFT layer sees it: shuffled, augmented mini-batches of its training
 * images ({@link Batches}, a fresh permutation and augmentation every epoch), cross-entropy, and
 * the accuracy on its held-out images (normalised, not augmented). Pooling several image tasks
 * concatenates their images, so standard retraining shuffles the pooled set as one.
 */
public final class ImageTask implements Task.Poolable {
    private final ImageSet train;
    private final ImageSet heldOut;
    private final Preprocessing preprocessing;
    private final int batch;
    private final int evalBatch;
    private Batches batches;

    /**
     * @param train         training images
     * @param heldOut       images of the score (validation or test)
     * @param preprocessing of training batches (normalisation and augmentation)
     * @param batch         images per training batch
     * @param evalBatch     images per forward pass when scoring
     */
    public ImageTask(ImageSet train, ImageSet heldOut, Preprocessing preprocessing, int batch, int evalBatch) {
        if (batch < 1 || evalBatch < 1) {
            throw new IllegalArgumentException("batch, evalBatch: must be at least 1, got " + batch + ", " + evalBatch);
        }
        if (train.size() == 0 || heldOut.size() == 0) {
            throw new IllegalArgumentException("train, heldOut: a task needs images in both, got " + train.size()
                    + " and " + heldOut.size());
        }
        this.train = train;
        this.heldOut = heldOut;
        this.preprocessing = preprocessing;
        this.batch = batch;
        this.evalBatch = evalBatch;
    }

    public ImageSet train() {
        return train;
    }

    public ImageSet heldOut() {
        return heldOut;
    }

    @Override
    public Shape inputShape() {
        return new Shape(1, train.channels(), train.height(), train.width());
    }

    @Override
    public int batchesPerEpoch() {
        return (train.size() + batch - 1) / batch;
    }

    @Override
    public Batch batch(NDManager manager, long seed, int epoch, int index) {
        if (batches == null || batches.seed() != seed) {
            batches = new Batches(train, preprocessing, batch, seed);
        }
        Batches.Batch b = batches.batch(epoch, index);
        return new Batch(Evaluation.images(manager, b, train), manager.create(b.y()));
    }

    @Override
    public NDArray loss(NDArray output, NDArray target) {
        return Evaluation.crossEntropy(output, target);
    }

    /** Fraction of the held-out images whose arg-max logit is the label. */
    @Override
    public double score(Forward model) {
        Preprocessing pre = new Preprocessing(preprocessing.normalization(), Augmentation.none());
        long correct = 0;
        int batches = (heldOut.size() + evalBatch - 1) / evalBatch;
        for (int i = 0; i < batches; i++) {
            try (NDManager step = model.manager().newSubManager()) {
                Batches.Batch b = Batches.sequential(heldOut, pre, evalBatch, i);
                NDArray logits = model.apply(Evaluation.images(step, b, heldOut));
                int[] pred = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
                for (int k = 0; k < pred.length; k++) {
                    if (pred[k] == b.y()[k]) {
                        correct++;
                    }
                }
            }
        }
        return (double) correct / heldOut.size();
    }

    @Override
    public int scoreWeight() {
        return heldOut.size();
    }

    @Override
    public Task pool(List<? extends Task> tasks) {
        List<ImageTask> images = tasks.stream().map(t -> {
            if (!(t instanceof ImageTask i)) {
                throw new IllegalArgumentException("tasks: image tasks pool only with image tasks, got " + t);
            }
            return i;
        }).toList();
        return new ImageTask(ImageSet.concat(images.stream().map(ImageTask::train).toList()),
                ImageSet.concat(images.stream().map(ImageTask::heldOut).toList()), preprocessing, batch, evalBatch);
    }
}
