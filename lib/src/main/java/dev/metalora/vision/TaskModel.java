package dev.metalora.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.metalora.peft.LastLayerConfig;
import dev.metalora.peft.Linears;
import dev.metalora.peft.LoraConfig;
import dev.metalora.peft.LoraLinear;
import dev.metalora.peft.ModelFactory;
import dev.metalora.peft.MultiTaskModel;

import java.util.Map;

/**
 * An initialised {@link MlpMixer} seen as a PEFT model ({@link MultiTaskModel}): {@link #select}
 * routes the next passes through task t's LoRA adapters (where the layers carry adapters) and task
 * t's head (where the model has one head per task). Parameters belong to the manager given at creation.
 */
public final class TaskModel {
    private final MlpMixer mixer;
    private final MultiTaskModel model;

    private TaskModel(MlpMixer mixer, MultiTaskModel model) {
        this.mixer = mixer;
        this.model = model;
    }

    /** The Mixer of {@code config} as a {@link ModelFactory}: every linear layer from the factory it is given. */
    public static ModelFactory factory(MixerConfig config) {
        return (linears, seed) -> new MlpMixer(config, linears, seed);
    }

    /** The shape the Mixer is initialised with: one image {@code [1, C, side, side]}. */
    public static Shape inputShape(MixerConfig config) {
        return new Shape(1, config.channels(), config.side(), config.side());
    }

    /**
     * A Mixer whose every linear layer carries {@code adapters} LoRA adapters of rank {@code rank}
     * (0 adapters: plain linear layers), with {@code heads} output heads, initialised from
     * {@code seed} in {@code manager}; every layer has a bias.
     */
    public static TaskModel create(MixerConfig config, int adapters, int rank, int heads, long seed, NDManager manager) {
        return create(config, adapters, rank, heads, true, seed, manager);
    }

    /** The same; with {@code adaptedBias} false the layers that carry adapters have no bias (the reference code's layer). */
    public static TaskModel create(MixerConfig config, int adapters, int rank, int heads, boolean adaptedBias, long seed,
                                   NDManager manager) {
        Linears linears = adapters > 0
                ? Linears.lora(LoraConfig.rank(rank).bias(adaptedBias ? LoraConfig.Bias.KEEP : LoraConfig.Bias.DROP),
                adapters)
                : heads > 1 ? Linears.lastLayer(LastLayerConfig.heads(), heads) : Linears.plain();
        if (adapters > 0 && heads > 1) {
            throw new IllegalArgumentException("heads: a Mixer with adapters has one head, got " + heads);
        }
        MlpMixer mixer = new MlpMixer(config, linears, seed);
        linears.checkTargets();
        return new TaskModel(mixer, MultiTaskModel.create(mixer, manager, inputShape(config)));
    }

    /** Wraps a model built by {@link #factory}. */
    public static TaskModel of(MultiTaskModel model) {
        if (!(model.block() instanceof MlpMixer m)) {
            throw new IllegalArgumentException("model: not a Mixer, got " + model.block().getClass().getSimpleName());
        }
        return new TaskModel(m, model);
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
        return model.adapters();
    }

    /** The rank of the adapters (1 without adapters). */
    public int rank() {
        return model.adaptedLayers().isEmpty() ? 1 : model.adaptedLayers().get(0).rank();
    }

    /** Whether the adapted layers carry a bias (true without adapters). */
    public boolean adaptedBias() {
        return model.adaptedLayers().isEmpty() || model.adaptedLayers().get(0).bias() != null;
    }

    public int heads() {
        return mixer.heads();
    }

    /** Routes the next forward passes through task {@code t}'s adapters and head, where it has them. */
    public TaskModel select(int t) {
        model.selectTask(t);
        return this;
    }

    /** Logits {@code [B, classes]} of images {@code [B, C, H, W]} under the current selection. */
    public NDArray logits(ParameterStore ps, NDArray images, boolean training) {
        return model.forward(ps, images, training);
    }

    /** Every parameter by its path in the Mixer. */
    public Map<String, Parameter> parameters() {
        return model.parameters();
    }

    /** Whether the parameter at this path belongs to an output head ({@code ..head_NNtaskT_...}). */
    public static boolean isHead(String path) {
        return path.matches("\\d+head_\\d+task\\d+_.*");
    }

    /** Whether the parameter at this path is a LoRA adapter's (its own name starts with the adapter prefix). */
    public static boolean isAdapter(String path) {
        return path.substring(path.lastIndexOf('_') + 1).startsWith(LoraLinear.ADAPTER_PREFIX);
    }

    /** A copy of every parameter's values (a snapshot to restore later, e.g. the best epoch). */
    public Map<String, float[]> snapshot() {
        return model.snapshot();
    }

    /** Sets every parameter present in {@code values} (by path) to the given values. */
    public void restore(Map<String, float[]> values) {
        model.restore(values);
    }

    /** The manager a training step's arrays should use (see {@link MultiTaskModel#currentManager()}). */
    NDManager currentManager() {
        return model.currentManager();
    }

    /** Number of scalar parameters that an optimiser would update (not frozen). */
    public long trainableCount() {
        return model.trainableParameters().trainable();
    }
}
