package dev.metalora.peft;

import dev.metalora.nn.NnRuntime;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network whose {@link LoraLinear} layers carry one adapter per task, seen as one model: select
 * the active task everywhere at once, freeze the shared (base) weights, and start fine-tuning from
 * a retrained base ({@link #fineTuningCopy}). Layers without adapters (a plain output layer, a
 * LayerNorm) are part of the base.
 */
public final class MultiTaskModel {
    static {
        NnRuntime.init();
    }

    private final Block block;
    private final List<LoraLinear> loraLayers;
    private final int tasks;

    private MultiTaskModel(Block block) {
        if (!block.isInitialized()) {
            throw new IllegalArgumentException("block: must be initialised (block.initialize(manager, FLOAT32, inputShape))");
        }
        this.block = block;
        this.loraLayers = new ArrayList<>();
        collect(block, loraLayers);
        int t = 0;
        for (LoraLinear layer : loraLayers) {
            if (layer.tasks() > 0) {
                if (t != 0 && layer.tasks() != t) {
                    throw new IllegalArgumentException("block: its LoRA layers disagree on the number of tasks ("
                            + t + " and " + layer.tasks() + ")");
                }
                t = layer.tasks();
            }
        }
        this.tasks = t;
    }

    /** Wraps an initialised block. */
    public static MultiTaskModel of(Block block) {
        return new MultiTaskModel(block);
    }

    /** Initialises the block (float32, its parameters owned by {@code manager}) and wraps it. */
    public static MultiTaskModel create(Block block, NDManager manager, Shape... inputShapes) {
        block.initialize(manager, DataType.FLOAT32, inputShapes);
        return new MultiTaskModel(block);
    }

    private static void collect(Block b, List<LoraLinear> out) {
        if (b instanceof LoraLinear l) {
            out.add(l);
        }
        for (Pair<String, Block> child : b.getChildren()) {
            collect(child.getValue(), out);
        }
    }

    public Block block() {
        return block;
    }

    /** The number of per-task adapters (0: a model without adapters, as in standard retraining). */
    public int tasks() {
        return tasks;
    }

    public List<LoraLinear> loraLayers() {
        return List.copyOf(loraLayers);
    }

    /** Routes the next forward passes through adapter {@code task} of every LoRA layer. */
    public MultiTaskModel selectTask(int task) {
        if (task < 0 || task >= tasks) {
            throw new IllegalArgumentException("task: " + task + " is not a task of this model; allowed: 0.." + (tasks - 1));
        }
        select(task);
        return this;
    }

    /** Every adapter at once: inputs carry a leading task axis {@code [T, ..., in]}. */
    public MultiTaskModel selectAllTasks() {
        if (tasks == 0) {
            throw new IllegalStateException("the model has no adapters; use selectBase()");
        }
        select(LoraLinear.ALL_TASKS);
        return this;
    }

    /** The base alone, no adapter. */
    public MultiTaskModel selectBase() {
        select(LoraLinear.BASE_ONLY);
        return this;
    }

    private void select(int task) {
        for (LoraLinear layer : loraLayers) {
            if (layer.tasks() > 0) {
                layer.selectTask(task);
            }
        }
    }

    /**
     * The manager that owns the parameters now: inside a {@link TrainingLoop} step, the step's scope
     * (create that step's arrays in it and they are freed with it); otherwise the model's own.
     */
    public NDManager currentManager() {
        return parameters().values().iterator().next().getArray().getManager();
    }

    /** Forward pass of one input array through the block with the current task selection. */
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** Freezes every base parameter (everything but the adapters); their values stay bit-identical in training. */
    public MultiTaskModel freezeBase() {
        for (Parameter p : baseParameters()) {
            p.freeze(true);
        }
        return this;
    }

    /** Every parameter, by its path in the block. */
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            m.put(p.getKey(), p.getValue());
        }
        return m;
    }

    public List<Parameter> baseParameters() {
        return parameters().values().stream().filter(p -> !LoraLinear.isAdapter(p)).toList();
    }

    public List<Parameter> adapterParameters() {
        return parameters().values().stream().filter(LoraLinear::isAdapter).toList();
    }

    /** The parameters an optimiser updates: those that require a gradient. */
    public List<Parameter> trainableParameters() {
        return parameters().values().stream().filter(Parameter::requiresGradient).toList();
    }

    /**
     * A fine-tuning model: {@code fresh} (the same architecture, built with the new adapters, e.g.
     * one task of rank k) with its base copied from this model's current base and frozen, adapter 0
     * selected. {@code fresh} must not be initialised yet; its adapters keep their own (fresh)
     * initialisation.
     */
    public MultiTaskModel fineTuningCopy(Block fresh, NDManager manager, Shape... inputShapes) {
        if (fresh.isInitialized()) {
            throw new IllegalArgumentException("fresh: must not be initialised yet; its base is copied from this model");
        }
        Map<String, Parameter> source = parameters();
        for (Pair<String, Parameter> p : fresh.getParameters()) {
            Parameter target = p.getValue();
            if (LoraLinear.isAdapter(target)) {
                continue;
            }
            Parameter from = source.get(p.getKey());
            if (from == null) {
                throw new IllegalArgumentException("fresh: parameter " + p.getKey()
                        + " has no counterpart in the retrained model; the architectures differ");
            }
            target.setInitializer((m, shape, type) -> {
                NDArray src = from.getArray();
                if (!src.getShape().equals(shape)) {
                    throw new IllegalArgumentException("fresh: parameter " + p.getKey() + " has shape " + shape
                            + " but the retrained one has " + src.getShape());
                }
                return m.create(src.toFloatArray(), shape).toType(type, false);
            });
        }
        MultiTaskModel copy = create(fresh, manager, inputShapes).freezeBase();
        if (copy.tasks > 0) {
            copy.selectTask(0);
        }
        return copy;
    }
}
