package dev.metalora.shallow;

import dev.metalora.plot.LiveFigure;
import dev.metalora.plot.LiveRun;

import java.util.List;
import java.util.function.Supplier;

/**
 * What a shallow run draws in its {@link LiveRun} figure: in a notebook, the first trial's
 * retraining loss and fine-tuning test loss per epoch, one curve per method (and per swept value),
 * drawn above the progress bar while it trains and removed when it ends, so that the cell shows
 * the result (its table, or {@code plot()}) as before. Outside a notebook nothing is drawn.
 */
final class ShallowLive {
    static final String RETRAINING = "retraining", FINE_TUNING = "fine-tuning";

    private ShallowLive() {
    }

    /** The curves of one network: its retraining loss and its fine-tuning test loss (null: not drawn). */
    record Curves(LiveFigure.Curve retraining, LiveFigure.Curve fineTuning) {
        void retrained(int epoch, float loss) {
            if (retraining != null) {
                retraining.add(epoch + 1, loss);
            }
        }

        void fineTuned(int epoch, float testLoss) {
            if (fineTuning != null) {
                fineTuning.add(epoch + 1, testLoss);
            }
        }
    }

    private static final Curves NONE = new Curves(null, null);

    /**
     * The curves of {@code method}'s trial {@code trial} at dimension d with T tasks: drawn for the
     * first trial only (one clear curve per method), none otherwise or outside a live figure.
     */
    static Curves curves(ShallowRetraining method, int trial, int d, int tasks) {
        LiveFigure f = LiveRun.current();
        if (trial != 0 || !f.isLive()) {
            return NONE;
        }
        String name = method.method().label() + " (d=" + d + ", T=" + tasks + ")";
        return new Curves(f.curve(RETRAINING, name), f.curve(FINE_TUNING, name));
    }

    /** {@link #curves} for each method's first trial, in the order of {@code methods}. */
    static List<Curves> firstTrials(List<ShallowRetraining> methods, int d, int tasks) {
        return methods.stream().map(m -> curves(m, 0, d, tasks)).toList();
    }

    /** Runs {@code run} under a live figure titled {@code title}, removed when it ends. */
    static <T> T during(String title, Supplier<T> run) {
        return LiveRun.during(title, f -> f.panel(RETRAINING, "retraining epoch", "training loss, first trial")
                        .panel(FINE_TUNING, "fine-tuning epoch", "test loss (clean) on the unseen task, first trial"),
                run, (f, result) -> f.clear());
    }
}
