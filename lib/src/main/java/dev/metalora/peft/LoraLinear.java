package dev.metalora.peft;

import dev.metalora.nn.NnRuntime;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.SplittableRandom;

/**
 * A linear layer {@code y = x W^T + b} with a stack of per-task LoRA adapters: for task t,
 * {@code y = x (W + (alpha/r) B_t A_t)^T + b}, with the down-projection {@code A_t} (r x in,
 * PyTorch's default init) and the up-projection {@code B_t} (out x r, zero init), so every adapter
 * starts as the zero update. This is the paper's model of PEFT: the shared weight W is what
 * retraining (SR or LoRA-ML) produces and fine-tuning freezes.
 *
 * <p>Inputs have shape {@code [..., in]} (e.g. {@code [batch, in]} or {@code [batch, tokens, in]}).
 * Which adapter applies is chosen with {@link #selectTask}: one task, none ({@link #BASE_ONLY}), or
 * all at once ({@link #ALL_TASKS}: the input then has a leading task axis {@code [T, ..., in]} and
 * row t goes through adapter t, one batched product for every task). With zero tasks it is a plain
 * linear layer. Parameters: {@code weight} [out, in], {@code bias} [out], {@code loraDown}
 * [T, r, in], {@code loraUp} [T, out, r].
 *
 * <p>With {@code dropout p > 0} (Hugging Face PEFT's {@code lora_dropout}) the adapter's input is
 * dropped out in training, {@code y = x W^T + b + (alpha/r) dropout(x) A_t^T B_t^T}; the base path
 * sees the full input. Layers are usually made by a {@link Linears} factory, which names them and
 * decides from a {@link LoraConfig} which ones carry adapters.
 */
public final class LoraLinear extends AbstractBlock {
    /** Task selection: the base layer alone, no adapter. */
    public static final int BASE_ONLY = -1;
    /** Task selection: every adapter, input with a leading task axis. */
    public static final int ALL_TASKS = -2;
    /** Name prefix that marks adapter parameters. */
    public static final String ADAPTER_PREFIX = "lora";

    static {
        NnRuntime.init();
    }

    private static final byte VERSION = 1;

    private final long in;
    private final long out;
    private final int tasks;
    private final int rank;
    private final float scaling;
    private final float dropout;
    private final String name;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter down;
    private final Parameter up;
    private int active;

    private LoraLinear(Builder b) {
        super(VERSION);
        in = b.in;
        out = b.out;
        tasks = b.tasks;
        rank = b.rank;
        scaling = (float) ((b.alpha == null ? rank : b.alpha) / rank);
        dropout = (float) b.dropout;
        name = b.name;
        SplittableRandom seeds = new SplittableRandom(b.seed);
        long weightSeed = seeds.nextLong();
        long biasSeed = seeds.nextLong();
        long downSeed = seeds.nextLong();
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in)).optInitializer(SeededUniform.pytorchDefault(in, weightSeed)).build());
        bias = !b.bias ? null : addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(out)).optInitializer(SeededUniform.pytorchDefault(in, biasSeed)).build());
        if (tasks > 0) {
            down = addParameter(Parameter.builder().setName(ADAPTER_PREFIX + "Down").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(tasks, rank, in)).optInitializer(SeededUniform.pytorchDefault(in, downSeed))
                    .build());
            up = addParameter(Parameter.builder().setName(ADAPTER_PREFIX + "Up").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(tasks, out, rank)).optInitializer(SeededUniform.zeros()).build());
        } else {
            down = null;
            up = null;
        }
        active = tasks > 0 ? 0 : BASE_ONLY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether a parameter (by its name) belongs to an adapter rather than to the base. */
    public static boolean isAdapter(Parameter p) {
        return p.getName().startsWith(ADAPTER_PREFIX);
    }

    /** Selects the adapter used by the next forward passes: {@code 0..tasks-1}, {@link #BASE_ONLY} or {@link #ALL_TASKS}. */
    public void selectTask(int task) {
        if (task != BASE_ONLY && (tasks == 0 || task != ALL_TASKS) && (task < 0 || task >= tasks)) {
            throw new IllegalArgumentException("task: " + task + " is not a task of this layer; allowed: 0.."
                    + (tasks - 1) + ", BASE_ONLY (-1) or ALL_TASKS (-2)");
        }
        active = task;
    }

    public int activeTask() {
        return active;
    }

    /** Freezes (or unfreezes) the base weight and bias; adapters stay as they are. */
    public void freezeBase(boolean freeze) {
        weight.freeze(freeze);
        if (bias != null) {
            bias.freeze(freeze);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        NDArray bv = bias == null ? null : ps.getValue(bias, device, training);
        if (active == BASE_ONLY) {
            return Linear.linear(x, w, bv);
        }
        NDArray a = ps.getValue(down, device, training);
        NDArray b = ps.getValue(up, device, training);
        boolean drop = training && dropout > 0;
        if (active >= 0) {
            // x W^T + b + x A_t^T (alpha/r) B_t^T: the low-rank path never forms a d x d matrix.
            NDArray h = scaled(Linear.linear(adapterInput(x, drop), a.get(active)).singletonOrThrow());
            return new NDList(Linear.linear(x, w, bv).singletonOrThrow().add(Linear.linear(h, b.get(active)).singletonOrThrow()));
        }
        Shape s = x.getShape();
        if (s.dimension() < 2 || s.get(0) != tasks) {
            throw new IllegalArgumentException("input: with ALL_TASKS the input needs a leading task axis of "
                    + tasks + ", got shape " + s);
        }
        if (drop) {
            // Dropout on the adapter's input: the low-rank path, batched over tasks.
            NDArray xs = x.reshape(tasks, -1, in);
            NDArray h = scaled(adapterInput(xs, true).matMul(a.transpose(0, 2, 1)));
            NDArray y = xs.matMul(w.transpose()).add(h.matMul(b.transpose(0, 2, 1)));
            if (bv != null) {
                y = y.add(bv);
            }
            return new NDList(y.reshape(s.slice(0, s.dimension() - 1).add(out)));
        }
        // One batched product with the effective weights W + (alpha/r) B_t A_t, [T, out, in]:
        // fewer operations than the low-rank path, which matters for small layers.
        NDArray effective = scaled(b.matMul(a)).add(w);
        boolean flat = s.dimension() == 3;
        NDArray y = (flat ? x : x.reshape(tasks, -1, in)).matMul(effective.transpose(0, 2, 1));
        if (bv != null) {
            y = y.add(bv);
        }
        return new NDList(flat ? y : y.reshape(s.slice(0, s.dimension() - 1).add(out)));
    }

    private NDArray adapterInput(NDArray x, boolean drop) {
        return drop ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
    }

    private NDArray scaled(NDArray h) {
        return scaling == 1f ? h : h.muli(scaling);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
    }

    /** The update of task t, {@code (alpha/r) B_t A_t} (out x in); needs the layer initialised. */
    public NDArray adapterUpdate(int task) {
        if (task < 0 || task >= tasks) {
            throw new IllegalArgumentException("task: " + task + " is not a task of this layer; allowed: 0.." + (tasks - 1));
        }
        return up.getArray().get(task).matMul(down.getArray().get(task)).muli(scaling);
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null where the layer has none. */
    public Parameter bias() {
        return bias;
    }

    /** The stacked down-projections [T, r, in], or null with no tasks. */
    public Parameter down() {
        return down;
    }

    /** The stacked up-projections [T, out, r], or null with no tasks. */
    public Parameter up() {
        return up;
    }

    public long inFeatures() {
        return in;
    }

    public long outFeatures() {
        return out;
    }

    public int tasks() {
        return tasks;
    }

    public int rank() {
        return rank;
    }

    /** The adapter dropout rate (0: none). */
    public float dropout() {
        return dropout;
    }

    /** The layer's name as its factory gave it (e.g. {@code encoder.layer.0.attention.self.query}), or "linear". */
    public String name() {
        return name;
    }

    /** alpha / r. */
    public float scaling() {
        return scaling;
    }

    @Override
    public String toString() {
        return "LoraLinear(" + name + ": " + in + " -> " + out + (bias == null ? ", no bias" : "") + ", " + tasks
                + " adapters of rank " + rank + ", scaling " + scaling + ")";
    }

    /** Builder; defaults: bias on, no adapters, rank 1, alpha = rank (scaling 1), seed 0. */
    public static final class Builder {
        private long in = -1;
        private long out = -1;
        private boolean bias = true;
        private int tasks;
        private int rank = 1;
        private Double alpha;
        private long seed;
        private double dropout;
        private String name = "linear";

        private Builder() {
        }

        public Builder in(long in) {
            this.in = positive("in", in);
            return this;
        }

        public Builder out(long out) {
            this.out = positive("out", out);
            return this;
        }

        public Builder bias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** Number of per-task adapters (0: a plain linear layer). */
        public Builder tasks(int tasks) {
            if (tasks < 0) {
                throw new IllegalArgumentException("tasks: must be >= 0, got " + tasks);
            }
            this.tasks = tasks;
            return this;
        }

        public Builder rank(int rank) {
            this.rank = (int) positive("rank", rank);
            return this;
        }

        /** LoRA's alpha; the update is scaled by alpha / rank. */
        public Builder alpha(double alpha) {
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha: must be finite and > 0, got " + alpha);
            }
            this.alpha = alpha;
            return this;
        }

        /** Dropout rate on the adapter input in training, in [0, 1) (default 0). */
        public Builder dropout(double dropout) {
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout: must lie in [0, 1), got " + dropout);
            }
            this.dropout = dropout;
            return this;
        }

        /** The layer's name, used in messages (default "linear"). */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name: must be a non-empty layer name, got '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /** Seed of the initial weights (base and down-projections). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public LoraLinear build() {
            if (in < 0 || out < 0) {
                throw new IllegalArgumentException("in/out: both sizes must be set, got in=" + in + ", out=" + out);
            }
            if (tasks > 0 && rank > Math.min(in, out)) {
                throw new IllegalArgumentException("rank: " + rank + " is larger than layer " + name + " (" + in + " -> "
                        + out + ") allows; a rank-r update of this layer needs r <= " + Math.min(in, out)
                        + " (leave the layer out of the LoRA targets, or lower the rank)");
            }
            return new LoraLinear(this);
        }

        private static long positive(String name, long v) {
            if (v < 1) {
                throw new IllegalArgumentException(name + ": must be >= 1, got " + v);
            }
            return v;
        }
    }
}
