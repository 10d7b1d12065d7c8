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
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PEFT model: any DJL block whose linear layers come from a {@link Linears} factory, seen as one
 * multi-task model. Its {@link LoraLinear} layers may carry one adapter per task and its
 * {@link TaskHeads} one head per task; {@link #selectTask} routes the next passes through task t's
 * adapters and head everywhere at once. Every parameter has a role: adapter, head (of task t), or
 * base (everything else: plain layers, LayerNorms, embeddings). {@link #trainableParameters()} says
 * what trains, as Hugging Face PEFT's {@code print_trainable_parameters()}.
 */
public final class MultiTaskModel {
    static {
        NnRuntime.init();
    }

    private final Block block;
    private final List<LoraLinear> loraLayers;
    private final List<TaskHeads> headLayers;
    private final Map<Parameter, Integer> headOf = new IdentityHashMap<>();
    private final int tasks;

    private MultiTaskModel(Block block) {
        if (!block.isInitialized()) {
            throw new IllegalArgumentException("block: must be initialised (block.initialize(manager, FLOAT32, inputShape))");
        }
        this.block = block;
        this.loraLayers = new ArrayList<>();
        this.headLayers = new ArrayList<>();
        collect(block, loraLayers, headLayers);
        for (TaskHeads h : headLayers) {
            for (int k = 0; k < h.tasks(); k++) {
                for (Pair<String, Parameter> p : h.heads().get(k).getParameters()) {
                    headOf.put(p.getValue(), k);
                }
            }
        }
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
        for (TaskHeads h : headLayers) {
            if (h.tasks() > 1) {
                if (t != 0 && h.tasks() != t) {
                    throw new IllegalArgumentException("block: its adapters and heads disagree on the number of tasks ("
                            + t + " and " + h.tasks() + ")");
                }
                t = h.tasks();
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

    private static void collect(Block b, List<LoraLinear> out, List<TaskHeads> heads) {
        if (b instanceof LoraLinear l) {
            out.add(l);
        }
        if (b instanceof TaskHeads h) {
            heads.add(h);
        }
        for (Pair<String, Block> child : b.getChildren()) {
            collect(child.getValue(), out, heads);
        }
    }

    public Block block() {
        return block;
    }

    /** The number of tasks: per-task adapters or heads (0: a plain model, as in standard retraining). */
    public int tasks() {
        return tasks;
    }

    public List<LoraLinear> loraLayers() {
        return List.copyOf(loraLayers);
    }

    /** The layers that carry adapters. */
    public List<LoraLinear> adaptedLayers() {
        return loraLayers.stream().filter(l -> l.tasks() > 0).toList();
    }

    /** The output layers made with {@link Linears#head}. */
    public List<TaskHeads> headLayers() {
        return List.copyOf(headLayers);
    }

    /** Heads per head layer: {@link #tasks()} under last-layer-ML, else 1 (0 without a head layer). */
    public int heads() {
        return headLayers.stream().mapToInt(TaskHeads::tasks).max().orElse(0);
    }

    /** Adapters per adapted layer (0 without adapters). */
    public int adapters() {
        return loraLayers.stream().mapToInt(LoraLinear::tasks).max().orElse(0);
    }

    /**
     * Routes the next forward passes through task {@code task}'s adapter in every adapted layer and
     * its head in every head layer; a model without per-task parts serves every task.
     */
    public MultiTaskModel selectTask(int task) {
        if (task < 0 || (tasks > 0 && task >= tasks)) {
            throw new IllegalArgumentException("task: " + task + " is not a task of this model; allowed: "
                    + (tasks > 0 ? "0.." + (tasks - 1) : "any task >= 0 (the model is shared by every task)"));
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
        for (TaskHeads h : headLayers) {
            h.selectTask(task == LoraLinear.BASE_ONLY ? 0 : task);
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

    /**
     * The held-out score of {@code data} with task {@code task} selected, in evaluation mode (no
     * dropout); every array made for it is freed when it returns.
     */
    public double score(int task, Task data) {
        selectTask(task);
        List<Parameter> params = new ArrayList<>(parameters().values());
        NDArray[] arrays = params.stream().map(Parameter::getArray).toArray(NDArray[]::new);
        try (NDManager scope = currentManager().newSubManager()) {
            scope.tempAttachAll(arrays);
            ParameterStore ps = new ParameterStore(scope, false);
            return data.score(new Task.Forward() {
                @Override
                public NDManager manager() {
                    return scope;
                }

                @Override
                public NDArray apply(NDArray input) {
                    return forward(ps, input, false);
                }
            });
        }
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

    /** Every parameter but the adapters (heads included). */
    public List<Parameter> baseParameters() {
        return parameters().values().stream().filter(p -> !LoraLinear.isAdapter(p)).toList();
    }

    public List<Parameter> adapterParameters() {
        return parameters().values().stream().filter(LoraLinear::isAdapter).toList();
    }

    /** The parameters of the heads (their adapters excluded). */
    public List<Parameter> headParameters() {
        return parameters().values().stream().filter(p -> isHead(p) && !LoraLinear.isAdapter(p)).toList();
    }

    /** Whether {@code p} belongs to a head made with {@link Linears#head}. */
    public boolean isHead(Parameter p) {
        return headOf.containsKey(p);
    }

    /** The task whose head {@code p} belongs to (0 with one head), or -1 for a parameter outside the heads. */
    public int headTask(Parameter p) {
        Integer t = headOf.get(p);
        return t == null ? -1 : t;
    }

    /** The parameters an optimiser updates: those that require a gradient. */
    public List<Parameter> trainable() {
        return parameters().values().stream().filter(Parameter::requiresGradient).toList();
    }

    /** What trains: counts of trainable and all scalar parameters, printing as PEFT's summary. */
    public ParameterCount trainableParameters() {
        long all = 0, trainable = 0;
        for (Parameter p : parameters().values()) {
            long n = p.getArray().size();
            all += n;
            if (p.requiresGradient()) {
                trainable += n;
            }
        }
        return new ParameterCount(trainable, all);
    }

    /** Freezes every parameter for which {@code frozen} holds and unfreezes the others. */
    public MultiTaskModel freezeWhere(java.util.function.Predicate<Parameter> frozen) {
        for (Parameter p : parameters().values()) {
            p.freeze(frozen.test(p));
        }
        return this;
    }

    /** A copy of every parameter's values by path (a snapshot to restore later, e.g. the best epoch). */
    public Map<String, float[]> snapshot() {
        Map<String, float[]> s = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> p : parameters().entrySet()) {
            s.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return s;
    }

    /** Sets every parameter present in {@code values} (by path) to the given values. */
    public void restore(Map<String, float[]> values) {
        for (Map.Entry<String, Parameter> p : parameters().entrySet()) {
            float[] v = values.get(p.getKey());
            if (v != null) {
                NDArray a = p.getValue().getArray();
                if (v.length != a.size()) {
                    throw new IllegalArgumentException("values: parameter " + p.getKey() + " has " + a.size()
                            + " entries, the snapshot " + v.length);
                }
                a.set(v);
            }
        }
    }
}
