package dev.metalora.linear;

/** Derives independent, reproducible seeds for the random streams of a run (SplitMix64 finaliser). */
public final class Seeds {
    private Seeds() {
    }

    /** A seed for stream {@code stream}, element {@code index}, of the run seeded {@code seed}. */
    public static long derive(long seed, long stream, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
