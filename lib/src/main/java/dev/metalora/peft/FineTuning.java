package dev.metalora.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.metalora.nn.NnRuntime;
import dev.metalora.progress.Progress;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fine-tuning of a retrained model on an unseen task with one PEFT method; everything else frozen.
 * <ul>
 *   <li>{@link #lora}: the model rebuilt with one adapter (as the {@link LoraConfig} says) in the
 *       targeted layers, its base copied from the retrained model's base (task adapters dropped) and
 *       frozen; only the adapter trains (and, under {@link LoraConfig.Bias#TRAIN}, every bias). The
 *       adapter starts {@link #fresh()} (up-projection zero: the start is the retrained base's
 *       function) or {@link #fromTask(int) from task t's trained adapter} (both factors, every adapted
 *       layer: the base must be LoRA-ML with the same rank). A base with one head per task has no
 *       shared head: the head is then a fresh one, frozen.</li>
 *   <li>{@link #lastLayer()}: the retrained body, frozen, with a fresh head, or {@link #fromTask(int)
 *       task t's head} of a last-layer-ML base; only the head trains.</li>
 * </ul>
 * The score is measured after every epoch. Batches are drawn from {@code 17 seed + 5}, the fresh
 * adapter or head from {@code seed}, and PyTorch's generator is reset from the seed.
 *
 * <p>Defaults: 10 epochs of AdamW (lr 1e-3, weight decay 0.01), cosine schedule over the run.
 */
public final class FineTuning {
    private final FineTuneMethod method;
    private final LoraConfig lora;
    private final int fromTask;
    private final boolean trainHead;
    private final int epochs;
    private final OptimizerSpec optimizer;
    private final Progress progress;

    private FineTuning(FineTuneMethod method, LoraConfig lora, int fromTask, boolean trainHead, int epochs,
                       OptimizerSpec optimizer, Progress progress) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs: must be at least 1, got " + epochs);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer: must be set, got null");
        }
        if (fromTask < -1) {
            throw new IllegalArgumentException("fromTask: a task index >= 0, got " + fromTask);
        }
        this.method = method;
        this.lora = lora;
        this.fromTask = fromTask;
        this.trainHead = trainHead;
        this.epochs = epochs;
        this.optimizer = optimizer;
        this.progress = progress == null ? Progress.none() : progress;
    }

    /** LoRA fine-tuning with a fresh adapter as {@code config} says. */
    public static FineTuning lora(LoraConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config: LoRA fine-tuning needs a LoraConfig, got null");
        }
        return new FineTuning(FineTuneMethod.LORA, config, -1, false, 10, OptimizerSpec.adamW(1e-3).withCosine(), null);
    }

    /** Last-layer fine-tuning with a fresh head. */
    public static FineTuning lastLayer() {
        return new FineTuning(FineTuneMethod.LAST_LAYER, null, -1, true, 10, OptimizerSpec.adamW(1e-3).withCosine(), null);
    }

    /** The method named by {@code method}, LoRA with {@code lora} (ignored by last-layer). */
    public static FineTuning of(FineTuneMethod method, LoraConfig lora) {
        return method == FineTuneMethod.LORA ? lora(lora) : lastLayer();
    }

    /** Starts from task {@code t}'s trained adapter (LoRA) or head (last layer) instead of a fresh one. */
    public FineTuning fromTask(int t) {
        if (t < 0) {
            throw new IllegalArgumentException("fromTask: a task index >= 0, got " + t);
        }
        return new FineTuning(method, lora, t, trainHead, epochs, optimizer, progress);
    }

    /** Starts from a fresh adapter or head (the default). */
    public FineTuning fresh() {
        return new FineTuning(method, lora, -1, trainHead, epochs, optimizer, progress);
    }

    /**
     * LoRA fine-tuning that also trains a fresh head (task t's, with {@link #fromTask} and a base with
     * one head per task): the language protocol's "a new adapter and a new head per unseen task".
     */
    public FineTuning withHead() {
        return new FineTuning(method, lora, fromTask, true, epochs, optimizer, progress);
    }

    public FineTuning epochs(int epochs) {
        return new FineTuning(method, lora, fromTask, trainHead, epochs, optimizer, progress);
    }

    /** The optimiser; a schedule without steps spans the run. */
    public FineTuning optimizer(OptimizerSpec spec) {
        return new FineTuning(method, lora, fromTask, trainHead, epochs, spec, progress);
    }

    /** Advanced by one per mini-batch; neither started nor closed here. */
    public FineTuning progress(Progress p) {
        return new FineTuning(method, lora, fromTask, trainHead, epochs, optimizer, p);
    }

    public FineTuneMethod method() {
        return method;
    }

    public LoraConfig lora() {
        return lora;
    }

    /** The task whose adapter or head the run starts from, or -1 for a fresh one. */
    public int fromTask() {
        return fromTask;
    }

    public int epochs() {
        return epochs;
    }

    public OptimizerSpec optimizer() {
        return optimizer;
    }

    /** Optimiser steps (mini-batches) that {@link #run} takes on this task. */
    public long steps(Task task) {
        return (long) epochs * task.batchesPerEpoch();
    }

    /**
     * The model fine-tuning starts from: built by {@code factory} for this method (weights from
     * {@code seed}), the retrained weights copied where they apply, frozen as the method says, task 0
     * selected.
     */
    public MultiTaskModel startingPoint(ModelFactory factory, MultiTaskModel base, Shape input, long seed,
                                        NDManager manager) {
        boolean isLora = method == FineTuneMethod.LORA;
        if (fromTask >= 0) {
            int available = isLora ? base.adapters() : (base.heads() > 1 ? base.heads() : 0);
            if (fromTask >= available) {
                throw new IllegalArgumentException("fromTask: " + fromTask + " needs a base with "
                        + (isLora ? "a trained adapter (LoRA-ML)" : "a head per task (last-layer-ML)")
                        + " for task " + fromTask + "; this base has " + available
                        + (isLora ? " adapters" : " per-task heads") + " (use fresh())");
            }
        }
        Linears linears = isLora ? Linears.lora(lora, 1) : Linears.plain();
        MultiTaskModel start = Retraining.build(factory, linears, input, seed, manager);
        Set<Parameter> copied = new HashSet<>();
        // Linear layers by name (heads apart: a base with per-task heads has several under one name).
        Map<String, LoraLinear> baseLayers = new java.util.HashMap<>();
        for (LoraLinear l : base.loraLayers()) {
            baseLayers.putIfAbsent(l.name(), l);
        }
        Set<LoraLinear> startHeads = new HashSet<>();
        for (int h = 0; h < start.headLayers().size(); h++) {
            TaskHeads to = start.headLayers().get(h);
            startHeads.addAll(to.heads());
            if (h >= base.headLayers().size()) {
                throw new IllegalArgumentException("base: has " + base.headLayers().size() + " head layers, the model "
                        + "built for fine-tuning " + start.headLayers().size() + "; the architectures differ");
            }
            TaskHeads from = base.headLayers().get(h);
            boolean perTask = from.tasks() > 1;
            // LoRA keeps a shared head (frozen, or trained with withHead()); a per-task head is replaced
            // by a fresh one unless the run starts from task t's; last layer: fresh or task t's head.
            int headFrom = isLora
                    ? (perTask ? (trainHead && fromTask >= 0 ? fromTask : -1) : (trainHead ? -1 : 0))
                    : fromTask;
            if (headFrom >= 0) {
                copy(from.heads().get(perTask ? headFrom : 0), to.heads().get(0), isLora ? fromTask : -1, copied);
            }
        }
        for (LoraLinear l : start.loraLayers()) {
            if (startHeads.contains(l)) {
                continue;
            }
            LoraLinear source = baseLayers.get(l.name());
            if (source == null) {
                throw new IllegalArgumentException("base: has no layer " + l.name() + "; the architectures differ (base"
                        + " layers: " + baseLayers.keySet() + ")");
            }
            copy(source, l, isLora ? fromTask : -1, copied);
        }
        Map<String, Parameter> from = base.parameters();
        for (Pair<String, Parameter> p : start.block().getParameters()) {
            Parameter target = p.getValue();
            if (start.isHead(target) || copied.contains(target) || inLinear(start, target)) {
                continue;
            }
            Parameter source = from.get(p.getKey());
            if (source == null) {
                throw new IllegalArgumentException("base: parameter " + p.getKey() + " has no counterpart in the "
                        + "retrained model; the architectures differ");
            }
            set(target, source.getArray(), p.getKey());
        }
        LoraConfig.Bias bias = lora == null ? LoraConfig.Bias.KEEP : lora.bias();
        start.freezeWhere(p -> isLora
                ? !(LoraLinear.isAdapter(p) || (bias == LoraConfig.Bias.TRAIN && p.getType() == Parameter.Type.BIAS)
                || (trainHead && start.isHead(p)))
                : !start.isHead(p));
        return start.selectTask(0);
    }

    private static boolean inLinear(MultiTaskModel m, Parameter p) {
        for (LoraLinear l : m.loraLayers()) {
            if (l.weight() == p || l.bias() == p || l.down() == p || l.up() == p) {
                return true;
            }
        }
        return false;
    }

    /** Copies weight and bias (where both have one) and, for {@code task >= 0}, adapter {@code task} into adapter 0. */
    private static void copy(LoraLinear from, LoraLinear to, int task, Set<Parameter> copied) {
        set(to.weight(), from.weight().getArray(), to.name() + ".weight");
        copied.add(to.weight());
        if (to.bias() != null && from.bias() != null) {
            set(to.bias(), from.bias().getArray(), to.name() + ".bias");
            copied.add(to.bias());
        }
        if (task >= 0 && to.tasks() > 0) {
            if (from.tasks() <= task) {
                throw new IllegalArgumentException("fromTask: layer " + to.name() + " has no trained adapter for task "
                        + task + " in the base (it has " + from.tasks() + "); the LoRA targets differ");
            }
            if (from.rank() != to.rank()) {
                throw new IllegalArgumentException("fromTask: layer " + to.name() + "'s trained adapters have rank "
                        + from.rank() + ", the fine-tuning adapter " + to.rank() + "; starting from a task's adapter "
                        + "needs the same rank");
            }
            setRow(to.down(), from.down().getArray().get(task), to.name() + ".loraDown");
            setRow(to.up(), from.up().getArray().get(task), to.name() + ".loraUp");
        }
    }

    private static void setRow(Parameter target, NDArray row, String name) {
        NDArray a = target.getArray();
        if (a.getShape().get(0) != 1 || !a.getShape().slice(1).equals(row.getShape())) {
            throw new IllegalArgumentException("fromTask: " + name + " has shape " + a.getShape() + ", the trained "
                    + "adapter " + row.getShape());
        }
        a.set(row.toFloatArray());
    }

    private static void set(Parameter target, NDArray source, String name) {
        NDArray a = target.getArray();
        if (!a.getShape().equals(source.getShape())) {
            throw new IllegalArgumentException("base: parameter " + name + " has shape " + source.getShape()
                    + " in the retrained model, " + a.getShape() + " in the model built for fine-tuning");
        }
        a.set(source.toFloatArray());
    }

    /** Fine-tunes a copy of {@code base} on {@code task}; the held-out score after each epoch. */
    public FineTuned run(ModelFactory factory, MultiTaskModel base, Task task, long seed, NDManager manager) {
        NnRuntime.engine().setRandomSeed((int) seed);
        MultiTaskModel model = startingPoint(factory, base, task.inputShape(), seed, manager);
        int perEpoch = task.batchesPerEpoch();
        long batchSeed = seed * 17 + 5;
        TrainingLoop.Objective objective = (ps, step) -> {
            Task.Batch b = task.batch(model.currentManager(), batchSeed, step / perEpoch, step % perEpoch);
            return task.loss(model.forward(ps, b.input(), true), b.target());
        };
        double[] score = new double[epochs];
        double[] loss = new double[epochs];
        double[] sum = new double[1];
        TrainingLoop.StepListener record = (step, l) -> {
            sum[0] += l;
            if ((step + 1) % perEpoch == 0) {
                int e = step / perEpoch;
                loss[e] = sum[0] / perEpoch;
                sum[0] = 0;
                score[e] = model.score(0, task);
                model.selectTask(0);
            }
        };
        new TrainingLoop(optimizer, epochs * perEpoch, "fine-tuning (" + method.id() + ")", progress)
                .run(model, new NDList(), objective, record);
        return new FineTuned(model, score, loss);
    }

    @Override
    public String toString() {
        return method.id() + (lora != null ? " " + lora : "") + (fromTask >= 0 ? " from task " + fromTask : "")
                + (trainHead && method == FineTuneMethod.LORA ? " with a trained head" : "")
                + ", " + epochs + " epochs of " + optimizer;
    }
}
