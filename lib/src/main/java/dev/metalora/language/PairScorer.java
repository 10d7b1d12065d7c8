package dev.metalora.language;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.metalora.peft.Linears;
import dev.metalora.peft.ModelFactory;

/**
 * The reference model: a BERT-family encoder with a sequence-classification head on the first
 * token (RoBERTa's: dropout, {@code classifier.dense} H x H, tanh, dropout,
 * {@code classifier.out_proj} H x 2). It scores (context, candidate) pairs: class 1 means "the true
 * continuation".
 *
 * <p>Input: one int64 array {@code [N, 3, L]} holding, per pair, the token ids, token types and
 * attention mask ({@link PairTask} packs them); output: logits {@code [N, 2]}.
 */
public final class PairScorer extends AbstractBlock {
    private static final byte VERSION = 1;

    private final TransformerEncoder encoder;
    private final Block dense;
    private final Block outProj;
    private final float dropout;

    public PairScorer(EncoderConfig config, LinearFactory linears) {
        super(VERSION);
        encoder = addChildBlock("encoder", new TransformerEncoder(config, linears));
        dense = addChildBlock("dense", linears.linear("classifier.dense", config.hidden(), config.hidden()));
        outProj = addChildBlock("out_proj", linears.head("classifier.out_proj", config.hidden(), 2));
        dropout = config.hiddenDropout();
    }

    /**
     * The model factory of the PEFT methods: an encoder of {@code config} started from
     * {@code weights} (null: random, for tests), its layers made by the method's {@link Linears}, the
     * head (and adapters) drawn from the run's seed.
     */
    public static ModelFactory factory(EncoderConfig config, PretrainedWeights weights) {
        return (Linears linears, long seed) -> {
            PairScorer model = new PairScorer(config, LinearFactory.of(linears, seed));
            if (weights != null) {
                weights.assignTo(model.encoder.namedParameters(),
                        name -> !(name.endsWith(".weight") || name.endsWith(".bias")));
            }
            return model;
        };
    }

    public TransformerEncoder encoder() {
        return encoder;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager);
        long h = encoder.config().hidden();
        dense.initialize(manager, dataType, new Shape(1, h));
        outProj.initialize(manager, dataType, new Shape(1, h));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray packed = inputs.singletonOrThrow();
        NDList parts = new NDList(packed.get(new NDIndex(":, 0, :")), packed.get(new NDIndex(":, 1, :")),
                packed.get(new NDIndex(":, 2, :")));
        NDArray hidden = encoder.forward(ps, parts, training).singletonOrThrow();
        NDArray first = hidden.get(new NDIndex(":, 0, :"));
        NDArray x = drop(first, training);
        x = dense.forward(ps, new NDList(x), training).singletonOrThrow().tanh();
        x = drop(x, training);
        return outProj.forward(ps, new NDList(x), training);
    }

    private NDArray drop(NDArray x, boolean training) {
        return training && dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 2)};
    }
}
