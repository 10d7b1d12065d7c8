package dev.metalora.core;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One (seed, method) of a multi-seed run: one job of an experiment whose every seed and retraining
 * method trains on its own (the vision setting: a retraining and its fine-tunings per cell).
 *
 * @param config the whole run's configuration
 * @param seed   the seed of this cell (initial weights, subsets, shuffles)
 * @param method the retraining method of this cell
 */
public record SeedMethod<C extends Serializable, M extends Serializable>(C config, long seed, M method)
        implements Serializable {

    /**
     * Every (seed, method), seed-major (all methods of the first seed first, as a run on one
     * machine goes through them). Neither list may be empty: the error names the empty one.
     */
    public static <C extends Serializable, M extends Serializable> List<SeedMethod<C, M>> grid(C config,
                                                                                              List<Long> seeds,
                                                                                              List<M> methods) {
        Require.nonEmpty("seeds", seeds, "seeds(1, 2, 3)");
        Require.nonEmpty("methods", methods, "a method name such as \"lora-ml\"");
        List<SeedMethod<C, M>> out = new ArrayList<>();
        for (long seed : seeds) {
            for (M m : methods) {
                out.add(new SeedMethod<>(config, seed, m));
            }
        }
        return out;
    }
}
