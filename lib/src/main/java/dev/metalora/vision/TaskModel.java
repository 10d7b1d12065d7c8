package dev.metalora.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.metalora.nn.LoraLinear;
import dev.metalora.nn.MultiTaskModel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An initialised {@link MlpMixer} seen as a multi-task model: {@link #select} routes the next
 * passes through task t's LoRA adapters (where the layers carry adapters) and task t's head (where
 * the model has one head per task). Parameters belong to the manager given at creation.
 */
public final class TaskModel {
    private final MlpMixer mixer;
    private final MultiTaskModel model;

    private TaskModel(MlpMixer mixer, MultiTaskModel model) {
        this.mixer = mixer;
        this.model = model;
    }

    /**
     * A Mixer whose every linear layer is a {@link LoraLinear} with {@code adapters} adapters of rank
     * {@code rank} (0 adapters: plain linear layers), with {@code heads} output heads, initialised
     * from {@code seed} in {@code manager}.
     */
    public static TaskModel create(MixerConfig config, int adapters, int rank, int heads, long seed, NDManager manager) {
        LinearFactory linears = (in, out, s) -> LoraLinear.builder().in(in).out(out).tasks(adapters).rank(rank)
                .seed(s).build();
        MlpMixer mixer = new MlpMixer(config, heads, linears, seed);
        mixer.initialize(manager, DataType.FLOAT32, new Shape(1, config.channels(), config.side(), config.side()));
        return new TaskModel(mixer, MultiTaskModel.of(mixer));
    }

    public MlpMixer mixer() {
        return mixer;
    }

    public MultiTaskModel model() {
        return model;
    }

    public MixerConfig config() {
        return mixer.config();
    }

    /** Number of per-task LoRA adapters in each linear layer (0 for a plain Mixer). */
    public int adapters() {
        return model.tasks();
    }

    public int heads() {
        return mixer.heads();
    }

    /** Routes the next forward passes through task {@code t}'s adapters and head, where it has them. */
    public TaskModel select(int t) {
        if (mixer.heads() > 1) {
            mixer.setHead(t);
        }
        if (model.tasks() > 0) {
            model.selectTask(t);
        }
        return this;
    }

    /** Logits {@code [B, classes]} of images {@code [B, C, H, W]} under the current selection. */
    public NDArray logits(ParameterStore ps, NDArray images, boolean training) {
        return mixer.forward(ps, new NDList(images), training).singletonOrThrow();
    }

    /** Every parameter by its path in the Mixer. */
    public Map<String, Parameter> parameters() {
        return model.parameters();
    }

    /** Whether the parameter at this path belongs to an output head. */
    public static boolean isHead(String path) {
        return path.matches("\\d+head\\d+_.*");
    }

    /** Whether the parameter at this path is a LoRA adapter's (its own name starts with the adapter prefix). */
    public static boolean isAdapter(String path) {
        return path.substring(path.lastIndexOf('_') + 1).startsWith(LoraLinear.ADAPTER_PREFIX);
    }

    /** A copy of every parameter's values (a snapshot to restore later, e.g. the best epoch). */
    public Map<String, float[]> snapshot() {
        Map<String, float[]> s = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : mixer.getParameters()) {
            s.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return s;
    }

    /** Sets every parameter present in {@code values} (by path) to the given values. */
    public void restore(Map<String, float[]> values) {
        for (Pair<String, Parameter> p : mixer.getParameters()) {
            float[] v = values.get(p.getKey());
            if (v != null) {
                NDArray a = p.getValue().getArray();
                if (v.length != a.size()) {
                    throw new IllegalArgumentException("values: parameter " + p.getKey() + " has " + a.size()
                            + " entries, the snapshot " + v.length);
                }
                dev.metalora.nn.NnRuntime.assign(a, v); // not a.set(v): see NnRuntime.assign
            }
        }
    }

    /** The manager a training step's arrays should use (see {@link MultiTaskModel#currentManager()}). */
    NDManager currentManager() {
        return model.currentManager();
    }

    /** Number of scalar parameters that an optimiser would update (not frozen). */
    public long trainableCount() {
        return model.trainableParameters().stream().mapToLong(p -> p.getArray().size()).sum();
    }
}
