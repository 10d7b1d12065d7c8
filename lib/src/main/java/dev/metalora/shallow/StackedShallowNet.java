package dev.metalora.shallow;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.metalora.peft.LoraLinear;
import dev.metalora.nn.NnRuntime;

/**
 * M independent copies of the shallow network {@code x -> c^T sigmoid((A + B_t A_t) x)}
 * ({@link ShallowNet}, alpha = r), stacked along a leading model axis so that one forward pass
 * (one set of PyTorch calls) trains them all. Parameters: {@code weight} A [M, d, d],
 * {@code output} c [M, 1, d], {@code loraDown} [M, T, r, d], {@code loraUp} [M, T, d, r].
 * Input [M, T, d, n] (samples as columns; task t of model m goes through model m's adapter t),
 * output [M, T, 1, n].
 *
 * <p>The models do not interact: model m's output depends on model m's parameters only, so the
 * gradient of a sum of per-model losses is, per model, the gradient of its own loss, and Adam(W)'s
 * elementwise update of a stacked parameter is the update of each model's parameters. A model
 * whose adapters are all zero (down- and up-projections) is a model without adapters: both
 * adapter gradients vanish ({@code dB = G A^T}, {@code dA = B^T G}), so AdamW keeps them at zero
 * and the model trains as in standard retraining.
 *
 * <p>Initial values are given (they come from each trial's own seed, see {@link ShallowTrials}).
 */
public final class StackedShallowNet extends AbstractBlock {
    static {
        NnRuntime.init();
    }

    private static final byte VERSION = 1;

    private final int models;
    private final int dim;
    private final int tasks;
    private final int rank;
    private final Parameter weight;
    private final Parameter output;
    private final Parameter down;
    private final Parameter up;

    /**
     * @param weight initial A, M*d*d values (model-major, then row-major)
     * @param output initial c, M*d values
     * @param down   initial down-projections, M*T*r*d values
     * @param up     initial up-projections, M*T*d*r values
     */
    public StackedShallowNet(int models, int dim, int tasks, int rank, float[] weight, float[] output, float[] down,
                             float[] up) {
        super(VERSION);
        this.models = models;
        this.dim = dim;
        this.tasks = tasks;
        this.rank = rank;
        this.weight = parameter("weight", weight, new Shape(models, dim, dim));
        this.output = parameter("output", output, new Shape(models, 1, dim));
        this.down = parameter(LoraLinear.ADAPTER_PREFIX + "Down", down, new Shape(models, tasks, rank, dim));
        this.up = parameter(LoraLinear.ADAPTER_PREFIX + "Up", up, new Shape(models, tasks, dim, rank));
    }

    private Parameter parameter(String name, float[] values, Shape shape) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(name + ": " + shape.size() + " values needed for shape " + shape
                    + ", got " + values.length);
        }
        float[] v = values.clone();
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer((m, s, type) -> m.create(v, s).toType(type, false)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(0) != models || s.get(1) != tasks || s.get(2) != dim) {
            throw new IllegalArgumentException("input: shape [" + models + ", " + tasks + ", " + dim
                    + ", n] needed, got " + s);
        }
        Device device = x.getDevice();
        NDArray a = ps.getValue(weight, device, training);
        NDArray c = ps.getValue(output, device, training);
        NDArray da = ps.getValue(down, device, training);
        NDArray ub = ps.getValue(up, device, training);
        // Effective weights A + B_t A_t, [M, T, d, d]; samples are columns, so the hidden layer is one
        // product with a long inner loop, and c^T h a weighted sum over the feature axis (both much
        // faster in PyTorch than products with a size-1 dimension).
        NDArray effective = ub.matMul(da).add(a.expandDims(1));
        NDArray hidden = Activation.sigmoid(effective.matMul(x));
        return new NDList(hidden.mul(c.transpose(0, 2, 1).expandDims(1)).sum(new int[] {2}, true));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), 1, s.get(3))};
    }

    /** The stacked base weights A [M, d, d]. */
    public Parameter weight() {
        return weight;
    }

    /** The stacked output weights c [M, 1, d]. */
    public Parameter output() {
        return output;
    }

    public Parameter down() {
        return down;
    }

    public Parameter up() {
        return up;
    }

    public int models() {
        return models;
    }

    public int dim() {
        return dim;
    }

    public int tasks() {
        return tasks;
    }

    public int rank() {
        return rank;
    }
}
