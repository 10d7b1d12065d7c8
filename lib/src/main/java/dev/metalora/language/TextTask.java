package dev.metalora.language;

import java.util.List;

/**
 * One text task (a persona, a fortunes category): its training examples and its held-out examples.
 *
 * @param name     the persona cluster or category
 * @param train    examples to train on
 * @param heldOut  examples to score on (never trained on)
 */
public record TextTask(String name, List<TextExample> train, List<TextExample> heldOut) {

    public TextTask {
        train = List.copyOf(train);
        heldOut = List.copyOf(heldOut);
        if (train.isEmpty() || heldOut.isEmpty()) {
            throw new IllegalArgumentException("task '" + name + "': needs training and held-out examples, got "
                    + train.size() + " and " + heldOut.size());
        }
    }

    /** At most {@code trainCount} training and {@code heldOutCount} held-out examples, each with {@code candidates} candidates. */
    public TextTask limit(int trainCount, int heldOutCount, int candidates) {
        return new TextTask(name, train.subList(0, Math.min(trainCount, train.size())).stream()
                .map(e -> e.withCandidates(Math.min(candidates, e.candidates().size()))).toList(),
                heldOut.subList(0, Math.min(heldOutCount, heldOut.size())).stream()
                        .map(e -> e.withCandidates(Math.min(candidates, e.candidates().size()))).toList());
    }

    @Override
    public String toString() {
        return "TextTask(" + name + ": " + train.size() + " training, " + heldOut.size() + " held-out examples, "
                + train.get(0).candidates().size() + " candidates)";
    }
}
