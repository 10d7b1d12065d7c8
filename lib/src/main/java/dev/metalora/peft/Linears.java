package dev.metalora.peft;

import ai.djl.nn.Block;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The factory a model makes every linear layer with, by name, so that one model definition serves
 * every method: plain layers for standard retraining and Reptile, one LoRA adapter per task in the
 * targeted layers for LoRA-ML, one head per task for last-layer-ML, one fresh adapter or head for
 * fine-tuning. The factory decides from its {@link LoraConfig} / {@link LastLayerConfig} which
 * layers get what; a model is any DJL block built with it:
 * <pre>{@code
 *   Block query = linears.linear("encoder.layer.0.attention.self.query", 384, 384, true, seed);
 *   Block head  = linears.head("classifier", 384, 2, true, seed + 1);
 * }</pre>
 * Names are dotted paths (as Hugging Face module names); each must be unique within a model. The
 * factory remembers every name it made, so {@link #checkTargets()} can reject a target pattern that
 * matched nothing, listing the names that exist. A factory builds one model: make a new one (with
 * {@link #fresh()}) for the next.
 */
public final class Linears {
    private final LoraConfig lora;
    private final LastLayerConfig lastLayer;
    private final int tasks;
    private final List<String> names = new ArrayList<>();
    private final List<String> adapted = new ArrayList<>();
    private final List<String> heads = new ArrayList<>();

    private Linears(LoraConfig lora, LastLayerConfig lastLayer, int tasks) {
        if (tasks < 0) {
            throw new IllegalArgumentException("tasks: must be >= 0, got " + tasks);
        }
        if ((lora != null || lastLayer != null) && tasks < 1) {
            throw new IllegalArgumentException("tasks: a PEFT model needs at least 1 task, got " + tasks);
        }
        this.lora = lora;
        this.lastLayer = lastLayer;
        this.tasks = tasks;
    }

    /** Plain linear layers and one head: standard retraining, Reptile. */
    public static Linears plain() {
        return new Linears(null, null, 0);
    }

    /** One adapter per task (of {@code config}'s rank) in every targeted layer: LoRA-ML with {@code tasks} tasks, or fine-tuning with 1. */
    public static Linears lora(LoraConfig config, int tasks) {
        if (config == null) {
            throw new IllegalArgumentException("config: a LoraConfig is needed, got null");
        }
        return new Linears(config, null, tasks);
    }

    /** One head per task: last-layer-ML with {@code tasks} tasks. */
    public static Linears lastLayer(LastLayerConfig config, int tasks) {
        if (config == null) {
            throw new IllegalArgumentException("config: a LastLayerConfig is needed, got null");
        }
        return new Linears(null, config, tasks);
    }

    /**
     * Adapters in the targeted layers and one head per task (the language protocol's LoRA-ML: every
     * task has its adapter and its head); either configuration may be null.
     */
    public static Linears of(LoraConfig lora, LastLayerConfig heads, int tasks) {
        return new Linears(lora, heads, tasks);
    }

    /** A new factory with the same configuration and no layers made yet. */
    public Linears fresh() {
        return new Linears(lora, lastLayer, tasks);
    }

    /**
     * A linear layer {@code [..., in] -> [..., out]}, with adapters if the LoRA targets match its name.
     *
     * @param name dotted name, unique in the model (e.g. {@code "mixer0.token1"})
     * @param bias whether the layer has a bias (an adapted layer has none under {@link LoraConfig.Bias#DROP})
     * @param seed seed of the layer's initial weights
     */
    public Block linear(String name, long in, long out, boolean bias, long seed) {
        if (lastLayer != null && lastLayer.isHead(name)) {
            return head(name, in, out, bias, seed);
        }
        return layer(name, in, out, bias, seed);
    }

    /** The model's output layer: one head, or one per task under last-layer-ML ({@link TaskHeads}). */
    public TaskHeads head(String name, long in, long out, boolean bias, long seed) {
        int count = lastLayer != null ? tasks : 1;
        List<LoraLinear> hs = new ArrayList<>();
        if (count > 1) {
            register(name);
        }
        for (int t = 0; t < count; t++) {
            // Head t of T draws from seed + t; a single head from the seed itself.
            hs.add(count == 1 ? layer(name, in, out, bias, seed) : plainLayer(name, in, out, bias, seed + t));
        }
        heads.add(name);
        return new TaskHeads(name, hs);
    }

    private LoraLinear layer(String name, long in, long out, boolean bias, long seed) {
        register(name);
        if (lora != null && lora.isTarget(name)) {
            adapted.add(name);
            return LoraLinear.builder().name(name).in(in).out(out).bias(bias && lora.bias() != LoraConfig.Bias.DROP)
                    .tasks(tasks).rank(lora.rank()).alpha(lora.alpha()).dropout(lora.dropout()).seed(seed).build();
        }
        return plainLayer(name, in, out, bias, seed);
    }

    private static LoraLinear plainLayer(String name, long in, long out, boolean bias, long seed) {
        return LoraLinear.builder().name(name).in(in).out(out).bias(bias).seed(seed).build();
    }

    private void register(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: every linear layer needs a non-empty name, got '" + name + "'");
        }
        if (names.contains(name)) {
            throw new IllegalArgumentException("name: layer '" + name + "' was made twice; names must be unique in a "
                    + "model (make a new factory, linears.fresh(), for each model)");
        }
        names.add(name);
    }

    /**
     * Checks the model built so far against the configuration: LoRA targets that matched no layer,
     * or a PEFT configuration under which no layer changed, are errors naming the pattern and the
     * layers that exist.
     */
    public void checkTargets() {
        if (lora != null) {
            for (String p : lora.targets()) {
                if (names.stream().noneMatch(n -> LoraConfig.matches(p, n))) {
                    throw new IllegalArgumentException("targets: pattern '" + p + "' matches no linear layer; the model's"
                            + " layers are " + names);
                }
            }
            if (adapted.isEmpty()) {
                throw new IllegalArgumentException("model: no layer carries a LoRA adapter (LoRA needs at least one"
                        + " linear layer made with Linears.linear or Linears.head); layers made: " + names);
            }
        }
        if (lastLayer != null) {
            for (String p : lastLayer.targets()) {
                if (heads.stream().noneMatch(n -> LoraConfig.matches(p, n))) {
                    throw new IllegalArgumentException("targets: head pattern '" + p + "' matches no linear layer; the"
                            + " model's layers are " + names);
                }
            }
            if (heads.isEmpty()) {
                throw new IllegalArgumentException("model: has no head (last-layer PEFT needs the output layer made with"
                        + " Linears.head); layers made: " + names);
            }
        }
    }

    /** Every layer name made so far, in order. */
    public List<String> names() {
        Set<String> all = new LinkedHashSet<>(names);
        return List.copyOf(all);
    }

    /** The names of the layers that got adapters. */
    public List<String> adaptedNames() {
        return List.copyOf(adapted);
    }

    /** The names of the heads. */
    public List<String> headNames() {
        return List.copyOf(heads);
    }

    /** The LoRA configuration, or null. */
    public LoraConfig lora() {
        return lora;
    }

    /** The last-layer configuration, or null. */
    public LastLayerConfig lastLayer() {
        return lastLayer;
    }

    /** Adapters per adapted layer, or heads per head (0 for plain layers). */
    public int tasks() {
        return tasks;
    }

    @Override
    public String toString() {
        return "Linears(" + (lora != null ? lora + " x " + tasks + " tasks" : lastLayer != null
                ? tasks + " heads" : "plain") + ", " + names.size() + " layers made)";
    }
}
