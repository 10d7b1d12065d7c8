package dev.metalora.peft;

import java.util.Locale;

/**
 * How many scalar parameters a model has and how many of them train; prints as Hugging Face PEFT's
 * {@code print_trainable_parameters()}: {@code trainable params: 294,912 || all params: 125,000,000 || trainable%: 0.2359}.
 */
public record ParameterCount(long trainable, long all) {

    public ParameterCount {
        if (trainable < 0 || all < trainable) {
            throw new IllegalArgumentException("trainable, all: need 0 <= trainable <= all, got " + trainable + ", " + all);
        }
    }

    /** Percentage of the parameters that train. */
    public double percent() {
        return all == 0 ? 0 : 100.0 * trainable / all;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "trainable params: %,d || all params: %,d || trainable%%: %.4f",
                trainable, all, percent());
    }
}
