package dev.metalora.data;

/**
 * A binary task made of two classes: images of {@code first} get label 0 and images of
 * {@code second} label 1. For the reference pairs (0,1), (2,3), ... this is {@code class mod 2}.
 */
public record ClassPair(int first, int second) {

    public ClassPair {
        if (first < 0 || second < 0 || first == second) {
            throw new IllegalArgumentException("pair: need two different non-negative classes, got ("
                    + first + ", " + second + ")");
        }
    }

    public static ClassPair of(int first, int second) {
        return new ClassPair(first, second);
    }

    public boolean contains(int c) {
        return c == first || c == second;
    }

    /** 0 for the first class, 1 for the second. */
    public int binaryLabel(int c) {
        if (c == first) {
            return 0;
        }
        if (c == second) {
            return 1;
        }
        throw new IllegalArgumentException("class: " + c + " is not in " + this);
    }

    @Override
    public String toString() {
        return "(" + first + "," + second + ")";
    }
}
