package dev.metalora.custom;

import java.io.Serializable;
import java.util.List;

/** What a {@link CustomJob} returns: the curves of its trials, for every method pair, and its compute seconds. */
record CustomTrials(List<TrialCurves> curves, double seconds) implements Serializable {
    CustomTrials {
        curves = List.copyOf(curves);
    }
}
