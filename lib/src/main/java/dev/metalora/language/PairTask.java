package dev.metalora.language;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.metalora.peft.Task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A {@link TextTask} as the PEFT methods see it, with the reference code's scoring: each
 * (context, candidate) pair is one input, the loss is the mean binary cross-entropy of the 2-way
 * head with target 1 for the true pair and 0 for the others, and the score is hits@1 (the candidate
 * with the largest class-1 logit is the true one) on the held-out examples. A batch holds
 * {@code contexts} examples, all their candidates, padded to its longest pair.
 */
public final class PairTask implements Task {
    private final TextTask task;
    private final int contexts;
    private final long padId;
    private final List<List<TextEncoder.Encoded>> train;
    private final List<List<TextEncoder.Encoded>> heldOut;
    private final int[] trainLabels;
    private final int[] heldOutLabels;

    /** Tokenises every pair of {@code task} once. */
    public PairTask(TextTask task, TextEncoder tokenizer, int contexts, long padId) {
        this(task, contexts, padId, encode(task.train(), tokenizer), encode(task.heldOut(), tokenizer));
    }

    private PairTask(TextTask task, int contexts, long padId, List<List<TextEncoder.Encoded>> train,
                     List<List<TextEncoder.Encoded>> heldOut) {
        if (contexts < 1) {
            throw new IllegalArgumentException("contexts: examples per batch must be >= 1, got " + contexts);
        }
        this.task = task;
        this.contexts = contexts;
        this.padId = padId;
        this.train = train;
        this.heldOut = heldOut;
        this.trainLabels = task.train().stream().mapToInt(TextExample::label).toArray();
        this.heldOutLabels = task.heldOut().stream().mapToInt(TextExample::label).toArray();
    }

    /** Every token id in this task's pairs, the padding id included. */
    public java.util.SortedSet<Long> tokenIds() {
        java.util.SortedSet<Long> ids = new java.util.TreeSet<>();
        ids.add(padId);
        for (List<List<TextEncoder.Encoded>> side : List.of(train, heldOut)) {
            side.forEach(ex -> ex.forEach(e -> java.util.Arrays.stream(e.ids()).forEach(ids::add)));
        }
        return ids;
    }

    /** The same task with token ids renumbered through {@code newId} (see {@link PretrainedWeights#withVocabulary}). */
    public PairTask renumbered(java.util.Map<Long, Long> newId) {
        java.util.function.Function<List<List<TextEncoder.Encoded>>, List<List<TextEncoder.Encoded>>> map = side ->
                side.stream().map(ex -> ex.stream().map(e -> new TextEncoder.Encoded(
                        java.util.Arrays.stream(e.ids()).map(newId::get).toArray(), e.types())).toList()).toList();
        return new PairTask(task, contexts, newId.get(padId), map.apply(train), map.apply(heldOut));
    }

    private static List<List<TextEncoder.Encoded>> encode(List<TextExample> examples, TextEncoder tokenizer) {
        List<List<TextEncoder.Encoded>> out = new ArrayList<>();
        for (TextExample e : examples) {
            long[] context = tokenizer.tokens(e.context());
            out.add(e.candidates().stream().map(c -> tokenizer.pair(context, tokenizer.tokens(c))).toList());
        }
        return out;
    }

    public TextTask text() {
        return task;
    }

    public String name() {
        return task.name();
    }

    @Override
    public Shape inputShape() {
        return new Shape(1, 3, 8);
    }

    @Override
    public int batchesPerEpoch() {
        return (train.size() + contexts - 1) / contexts;
    }

    @Override
    public Batch batch(NDManager manager, long seed, int epoch, int index) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
        int b = index % batchesPerEpoch();
        List<Integer> picked = order.subList(b * contexts, Math.min(train.size(), (b + 1) * contexts));
        List<TextEncoder.Encoded> pairs = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i : picked) {
            pairs.addAll(train.get(i));
            labels.add(trainLabels[i]);
        }
        NDArray input = pack(pairs, manager);
        float[] target = new float[pairs.size() * 2];
        int row = 0;
        for (int k = 0; k < picked.size(); k++) {
            int c = train.get(picked.get(k)).size();
            for (int j = 0; j < c; j++, row++) {
                target[row * 2 + (j == labels.get(k) ? 1 : 0)] = 1;
            }
        }
        return new Batch(input, manager.create(target, new Shape(pairs.size(), 2)));
    }

    /** Packs pairs into the model's input {@code [N, 3, L]} (ids, types, mask), padded to the longest. */
    NDArray pack(List<TextEncoder.Encoded> pairs, NDManager manager) {
        int n = pairs.size();
        int length = pairs.stream().mapToInt(TextEncoder.Encoded::length).max().orElse(1);
        long[] data = new long[n * 3 * length];
        for (int r = 0; r < n; r++) {
            TextEncoder.Encoded e = pairs.get(r);
            int base = r * 3 * length;
            java.util.Arrays.fill(data, base, base + length, padId);
            System.arraycopy(e.ids(), 0, data, base, e.length());
            System.arraycopy(e.types(), 0, data, base + length, e.length());
            java.util.Arrays.fill(data, base + 2 * length, base + 2 * length + e.length(), 1);
        }
        return manager.create(data, new Shape(n, 3, length));
    }

    /** Mean binary cross-entropy of the pairs: softmax cross-entropy of the 2 logits against the one-hot target. */
    @Override
    public NDArray loss(NDArray output, NDArray target) {
        return output.logSoftmax(1).mul(target).sum(new int[] {1}).neg().mean();
    }

    /** hits@1 on the held-out examples: the fraction whose true candidate has the largest class-1 logit. */
    @Override
    public double score(Forward model) {
        int hits = 0;
        for (int start = 0; start < heldOut.size(); start += contexts) {
            int end = Math.min(heldOut.size(), start + contexts);
            try (NDManager m = model.manager().newSubManager()) {
                List<TextEncoder.Encoded> pairs = new ArrayList<>();
                for (int i = start; i < end; i++) {
                    pairs.addAll(heldOut.get(i));
                }
                float[] logits = model.apply(pack(pairs, m)).toType(DataType.FLOAT32, false).toFloatArray();
                int row = 0;
                for (int i = start; i < end; i++) {
                    int c = heldOut.get(i).size();
                    int best = 0;
                    for (int j = 1; j < c; j++) {
                        if (logits[(row + j) * 2 + 1] > logits[(row + best) * 2 + 1]) {
                            best = j;
                        }
                    }
                    hits += best == heldOutLabels[i] ? 1 : 0;
                    row += c;
                }
            }
        }
        return (double) hits / heldOut.size();
    }

    @Override
    public int scoreWeight() {
        return heldOut.size();
    }

    @Override
    public String toString() {
        return "PairTask(" + task + ", " + contexts + " contexts per batch)";
    }
}
