package dev.metalora.language;

import java.util.List;

/**
 * One response-selection example: a context, its candidate continuations, and which one is true.
 *
 * @param context    the text so far (previous turns of a dialogue, or the start of a fortune)
 * @param candidates the candidate continuations, the true one among them
 * @param label      index of the true continuation in {@code candidates}
 */
public record TextExample(String context, List<String> candidates, int label) {

    public TextExample {
        if (context == null || candidates == null) {
            throw new IllegalArgumentException("context/candidates: must not be null");
        }
        candidates = List.copyOf(candidates);
        if (candidates.size() < 2) {
            throw new IllegalArgumentException("candidates: need at least 2 (the true one and a distractor), got "
                    + candidates.size());
        }
        if (label < 0 || label >= candidates.size()) {
            throw new IllegalArgumentException("label: must be in 0.." + (candidates.size() - 1) + ", got " + label);
        }
    }

    public String truth() {
        return candidates.get(label);
    }

    /** The same example with only the first {@code n} candidates, the true one kept (it replaces the last if needed). */
    public TextExample withCandidates(int n) {
        if (n < 2 || n > candidates.size()) {
            throw new IllegalArgumentException("candidates: must be in 2.." + candidates.size() + ", got " + n);
        }
        if (label < n) {
            return new TextExample(context, candidates.subList(0, n), label);
        }
        List<String> c = new java.util.ArrayList<>(candidates.subList(0, n));
        c.set(n - 1, truth());
        return new TextExample(context, c, n - 1);
    }
}
