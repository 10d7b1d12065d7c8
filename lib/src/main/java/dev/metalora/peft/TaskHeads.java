package dev.metalora.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * A model's output layer as {@link Linears#head} makes it: one linear head, or one head per task
 * (last-layer-ML), of which {@link #selectTask} picks the one the next forward passes use
 * ({@link LoraLinear#ALL_TASKS}: the input has a leading task axis and row t goes through head t).
 * Children are named {@code task0, task1, ...}.
 */
public final class TaskHeads extends AbstractBlock {
    private static final byte VERSION = 1;

    private final String name;
    private final List<LoraLinear> heads = new ArrayList<>();
    private int active;

    TaskHeads(String name, List<LoraLinear> heads) {
        super(VERSION);
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("heads: at least one head needed for layer " + name);
        }
        this.name = name;
        for (int t = 0; t < heads.size(); t++) {
            this.heads.add(addChildBlock("task" + t, heads.get(t)));
        }
    }

    /** The layer's name as its factory gave it. */
    public String name() {
        return name;
    }

    /** The number of heads (1 unless the model has one per task). */
    public int tasks() {
        return heads.size();
    }

    public List<LoraLinear> heads() {
        return List.copyOf(heads);
    }

    /** Head {@code t} for the next passes (with one head every task uses it); or {@link LoraLinear#ALL_TASKS}. */
    public void selectTask(int t) {
        if (t != LoraLinear.ALL_TASKS && (t < 0 || (heads.size() > 1 && t >= heads.size()))) {
            throw new IllegalArgumentException("task: " + t + " is not a head of layer " + name + "; allowed: 0.."
                    + (heads.size() - 1) + " or ALL_TASKS (-2)");
        }
        active = t;
        for (LoraLinear h : heads) {
            if (h.tasks() > 0) {
                h.selectTask(t == LoraLinear.ALL_TASKS || t < h.tasks() ? t : LoraLinear.BASE_ONLY);
            }
        }
    }

    public int activeTask() {
        return active;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (active != LoraLinear.ALL_TASKS || heads.size() == 1) {
            return heads.get(heads.size() == 1 ? 0 : active).forward(ps, inputs, training);
        }
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().get(0) != heads.size()) {
            throw new IllegalArgumentException("input: with ALL_TASKS head " + name + " needs a leading task axis of "
                    + heads.size() + ", got shape " + x.getShape());
        }
        NDList rows = new NDList();
        for (int t = 0; t < heads.size(); t++) {
            heads.get(t).selectTask(LoraLinear.BASE_ONLY);
            rows.add(heads.get(t).forward(ps, new NDList(x.get(t)), training).singletonOrThrow());
        }
        return new NDList(NDArrays.stack(rows));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return heads.get(0).getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (LoraLinear h : heads) {
            h.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public String toString() {
        return "TaskHeads(" + name + ": " + heads.size() + " x " + heads.get(0) + ")";
    }
}
