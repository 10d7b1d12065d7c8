package dev.metalora.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import dev.metalora.peft.Linears;
import dev.metalora.peft.TaskHeads;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * MLP-Mixer for images {@code [B, C, H, W]} giving logits {@code [B, classes]}:
 * <pre>
 *   z_0 = patches(x) W_e + b_e                                   [B, N, width]
 *   z'  = z + (W_2 GELU(W_1 LN(z)^T))^T                          token mixing (over the N patches)
 *   z'' = z' + W_4 GELU(W_3 LN(z'))                              channel mixing (over width)
 *   logits = W_h mean_N(LN(z_depth)) + b_h
 * </pre>
 * (dropout after each GELU and each MLP's output). Every linear map comes from a
 * {@link Linears} factory under its name ({@code embed}, {@code mixer0.token1}, {@code mixer0.token2},
 * {@code mixer0.channel1}, {@code mixer0.channel2}, ..., and the head {@code head}), so PEFT-based
 * meta-learning can put adapters in any of them and one head per task at the output; the factory
 * decides.
 */
public final class MlpMixer extends AbstractBlock {
    private final MixerConfig config;
    private final Block embed;
    private final List<MixerLayer> layers = new ArrayList<>();
    private final LayerNorm norm;
    private final TaskHeads head;

    /**
     * @param linears makes the embedding, every mixing layer and the head(s)
     * @param seed    seed of the initial weights (each layer gets its own stream)
     */
    public MlpMixer(MixerConfig config, Linears linears, long seed) {
        this.config = config;
        long s = seed * 1_000_003L;
        embed = addChildBlock("embed", linears.linear("embed", config.patchSize(), config.width(), true, s++));
        for (int l = 0; l < config.depth(); l++) {
            layers.add(addChildBlock("mixer" + l, new MixerLayer(config, linears, "mixer" + l, s)));
            s += 4;
        }
        norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
        head = addChildBlock("head", linears.head("head", config.width(), config.classes(), true, s));
    }

    public MixerConfig config() {
        return config;
    }

    /** Output heads: one per task under last-layer-ML, else 1. */
    public int heads() {
        return head.tasks();
    }

    /** {@code [B, C, H, W] -> [B, N, C p p]}: row-major patches, each flattened (row, column, channel). */
    static NDArray patches(NDArray x, int patch) {
        Shape s = x.getShape();
        long b = s.get(0), c = s.get(1), h = s.get(2) / patch, w = s.get(3) / patch;
        return x.reshape(b, c, h, patch, w, patch)
                .transpose(0, 2, 4, 3, 5, 1)
                .reshape(b, h * w, (long) patch * patch * c);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = patches(inputs.singletonOrThrow(), config.patch());
        NDArray z = embed.forward(ps, new NDList(x), training).singletonOrThrow();
        for (MixerLayer layer : layers) {
            z = layer.forward(ps, new NDList(z), training).singletonOrThrow();
        }
        z = norm.forward(ps, new NDList(z), training).singletonOrThrow().mean(new int[]{1});
        return head.forward(ps, new NDList(z), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{new Shape(inputShapes[0].get(0), config.classes())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        Shape tokens = new Shape(b, config.tokens(), config.width());
        embed.initialize(manager, dataType, new Shape(b, config.tokens(), config.patchSize()));
        for (MixerLayer layer : layers) {
            layer.initialize(manager, dataType, tokens);
        }
        norm.initialize(manager, dataType, tokens);
        head.initialize(manager, dataType, new Shape(b, config.width()));
    }

    /** One mixer layer: token mixing then channel mixing, each pre-LayerNorm with a residual. */
    static final class MixerLayer extends AbstractBlock {
        private final float dropout;
        private final LayerNorm tokenNorm;
        private final Block token1;
        private final Block token2;
        private final LayerNorm channelNorm;
        private final Block channel1;
        private final Block channel2;
        private final MixerConfig config;

        MixerLayer(MixerConfig config, Linears linears, String name, long seed) {
            this.config = config;
            this.dropout = (float) config.dropout();
            tokenNorm = addChildBlock("tokenNorm", LayerNorm.builder().axis(2).build());
            token1 = addChildBlock("token1", linears.linear(name + ".token1", config.tokens(), config.tokenHidden(), true,
                    seed));
            token2 = addChildBlock("token2", linears.linear(name + ".token2", config.tokenHidden(), config.tokens(), true,
                    seed + 1));
            channelNorm = addChildBlock("channelNorm", LayerNorm.builder().axis(2).build());
            channel1 = addChildBlock("channel1", linears.linear(name + ".channel1", config.width(), config.channelHidden(),
                    true, seed + 2));
            channel2 = addChildBlock("channel2", linears.linear(name + ".channel2", config.channelHidden(), config.width(),
                    true, seed + 3));
        }

        private NDArray mlp(ParameterStore ps, Block first, Block second, NDArray x, boolean training) {
            NDArray h = Activation.gelu(first.forward(ps, new NDList(x), training).singletonOrThrow());
            h = Dropout.dropout(h, dropout, training).singletonOrThrow();
            NDArray y = second.forward(ps, new NDList(h), training).singletonOrThrow();
            return Dropout.dropout(y, dropout, training).singletonOrThrow();
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray z = inputs.singletonOrThrow();
            NDArray t = tokenNorm.forward(ps, new NDList(z), training).singletonOrThrow().transpose(0, 2, 1);
            z = z.add(mlp(ps, token1, token2, t, training).transpose(0, 2, 1));
            NDArray c = channelNorm.forward(ps, new NDList(z), training).singletonOrThrow();
            return new NDList(z.add(mlp(ps, channel1, channel2, c, training)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            long b = inputShapes[0].get(0);
            Shape z = new Shape(b, config.tokens(), config.width());
            tokenNorm.initialize(manager, dataType, z);
            token1.initialize(manager, dataType, new Shape(b, config.width(), config.tokens()));
            token2.initialize(manager, dataType, new Shape(b, config.width(), config.tokenHidden()));
            channelNorm.initialize(manager, dataType, z);
            channel1.initialize(manager, dataType, z);
            channel2.initialize(manager, dataType, new Shape(b, config.tokens(), config.channelHidden()));
        }
    }
}
