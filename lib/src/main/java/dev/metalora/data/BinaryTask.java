package dev.metalora.data;

/**
 * One binary classification task: the images of a class pair from a data set's training and test
 * splits, relabelled 0/1 (see {@link ClassPair#binaryLabel}).
 */
public record BinaryTask(ClassPair pair, ImageSet train, ImageSet test) {

    /** The task of {@code pair} cut from the full training and test sets. */
    public static BinaryTask of(ClassPair pair, ImageSet train, ImageSet test) {
        return new BinaryTask(pair, cut(pair, train), cut(pair, test));
    }

    private static ImageSet cut(ClassPair pair, ImageSet set) {
        return set.filter(pair::contains).relabel(pair::binaryLabel);
    }

    /** At most {@code trainSize} training and {@code testSize} test images, drawn with a seed. */
    public BinaryTask sample(int trainSize, int testSize, long seed) {
        return new BinaryTask(pair, train.sample(trainSize, seed), test.sample(testSize, seed ^ 0x9E3779B97F4A7C15L));
    }

    public String name() {
        return pair.toString();
    }
}
