package dev.metalora.language;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import dev.metalora.nn.NnRuntime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT-family encoder (BERT, MiniLM, RoBERTa): token, position and token-type embeddings with a
 * LayerNorm, then {@code layers} post-LayerNorm transformer layers, each
 * {@code h = LN(x + Wo softmax(Q K^T / sqrt(d) + mask) V)} and {@code LN(h + W2 gelu(W1 h))}.
 * Every linear layer is made by a {@link LinearFactory} from its Hugging Face name
 * ({@code encoder.layer.0.attention.self.query}, {@code ...attention.output.dense},
 * {@code ...intermediate.dense}, {@code ...output.dense}), so adapters can go on all of them or on a
 * name pattern.
 *
 * <p>Input: {@code NDList(tokenIds [B, L], tokenTypes [B, L], attentionMask [B, L])}, int64 ids and
 * a 0/1 mask; output: {@code NDList(hidden [B, L, H])}. Parameters carry the Hugging Face names
 * ({@link #namedParameters}), so pretrained weights load by name ({@link PretrainedWeights}).
 */
public final class TransformerEncoder extends AbstractBlock {
    static {
        NnRuntime.init();
    }

    private static final byte VERSION = 1;

    private final EncoderConfig config;
    private final Parameter wordEmbeddings;
    private final Parameter positionEmbeddings;
    private final Parameter typeEmbeddings;
    private final Parameter[] embeddingNorm;
    private final List<Layer> layerList = new ArrayList<>();
    private final Map<String, Parameter> named = new LinkedHashMap<>();
    private final Map<String, Long> linearInputs = new LinkedHashMap<>();

    private record Layer(Block query, Block key, Block value, Block attentionOut, Parameter[] attentionNorm,
                         Block intermediate, Block output, Parameter[] outputNorm) {
    }

    public TransformerEncoder(EncoderConfig config, LinearFactory linears) {
        super(VERSION);
        this.config = config;
        int h = config.hidden();
        wordEmbeddings = embedding("embeddings.word_embeddings.weight", config.vocabSize(), h);
        positionEmbeddings = embedding("embeddings.position_embeddings.weight", config.maxPositions(), h);
        typeEmbeddings = embedding("embeddings.token_type_embeddings.weight", config.typeVocabSize(), h);
        embeddingNorm = norm("embeddings.LayerNorm", h);
        for (int i = 0; i < config.layers(); i++) {
            String p = "encoder.layer." + i + ".";
            layerList.add(new Layer(
                    linear(linears, p + "attention.self.query", h, h),
                    linear(linears, p + "attention.self.key", h, h),
                    linear(linears, p + "attention.self.value", h, h),
                    linear(linears, p + "attention.output.dense", h, h),
                    norm(p + "attention.output.LayerNorm", h),
                    linear(linears, p + "intermediate.dense", h, config.intermediate()),
                    linear(linears, p + "output.dense", config.intermediate(), h),
                    norm(p + "output.LayerNorm", h)));
        }
    }

    private Parameter embedding(String name, long rows, long width) {
        Parameter p = addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(rows, width)).optInitializer(new NormalInitializer(0.02f)).build());
        named.put(name, p);
        return p;
    }

    private Parameter[] norm(String name, long width) {
        Parameter gamma = addParameter(Parameter.builder().setName(name + ".weight").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(width)).optInitializer(new ConstantInitializer(1f)).build());
        Parameter beta = addParameter(Parameter.builder().setName(name + ".bias").setType(Parameter.Type.BETA)
                .optShape(new Shape(width)).optInitializer(new ConstantInitializer(0f)).build());
        named.put(gamma.getName(), gamma);
        named.put(beta.getName(), beta);
        return new Parameter[] {gamma, beta};
    }

    private Block linear(LinearFactory linears, String name, long in, long out) {
        Block b = addChildBlock(name, linears.linear(name, in, out));
        linearInputs.put(name, in);
        for (var p : b.getDirectParameters()) {
            named.put(name + "." + p.getValue().getName(), p.getValue());
        }
        return b;
    }

    /**
     * An encoder initialised from pretrained weights: every embedding, LayerNorm and linear weight and
     * bias must be in {@code weights} with its shape (else an error names each tensor, expected and
     * found shape); other parameters (adapters) keep their own initialisation. Layers of the weights
     * beyond {@code config.layers()} are left out.
     */
    public static TransformerEncoder pretrained(EncoderConfig config, PretrainedWeights weights, LinearFactory linears,
                                                NDManager manager) {
        TransformerEncoder encoder = new TransformerEncoder(config, linears);
        weights.assignTo(encoder.namedParameters(), name -> !(name.endsWith(".weight") || name.endsWith(".bias")));
        return encoder.initialize(manager);
    }

    public EncoderConfig config() {
        return config;
    }

    /**
     * Every parameter by its Hugging Face name ({@code embeddings.word_embeddings.weight},
     * {@code encoder.layer.0.attention.self.query.weight}, ...), adapters included under their
     * layer's name ({@code encoder.layer.0.attention.self.query.loraDown}, ...).
     */
    public Map<String, Parameter> namedParameters() {
        return Collections.unmodifiableMap(named);
    }

    /** The names of the linear layers, in order (what a LoRA target pattern is matched against). */
    public List<String> linearNames() {
        return List.copyOf(linearInputs.keySet());
    }

    /** Initialises every parameter (float32, owned by {@code manager}). */
    public TransformerEncoder initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1));
        return this;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (var child : getChildren()) {
            String name = child.getKey().substring(2); // DJL prefixes a two-digit index
            child.getValue().initialize(manager, dataType, new Shape(1, linearInputs.get(name)));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray types = inputs.get(1);
        NDArray mask = inputs.get(2);
        Device device = ids.getDevice();
        long batch = ids.getShape().get(0);
        long length = ids.getShape().get(1);
        if (length > config.maxTokens()) {
            throw new IllegalArgumentException("tokenIds: " + length + " tokens exceed the " + config.maxTokens()
                    + " positions of this encoder; truncate (TextEncoder does, with a warning)");
        }
        NDArray positions;
        if (config.robertaPositions()) {
            // RoBERTa: non-padding tokens count from padTokenId + 1, padding sits at padTokenId.
            NDArray notPad = ids.neq(config.padTokenId()).toType(DataType.INT64, false);
            positions = notPad.cumSum(1).mul(notPad).add(config.padTokenId());
        } else {
            positions = ids.getManager().arange(0, (int) length, 1, DataType.INT64, device).reshape(1, length)
                    .broadcast(batch, length);
        }
        NDArray x = lookup(ids, ps.getValue(wordEmbeddings, device, training))
                .add(lookup(positions, ps.getValue(positionEmbeddings, device, training)))
                .add(lookup(types, ps.getValue(typeEmbeddings, device, training)));
        x = dropout(layerNorm(ps, x, embeddingNorm, training), config.hiddenDropout(), training);
        // Additive mask: 0 where attended, a large negative number on padding keys; [B, 1, 1, L].
        NDArray maskBias = mask.toType(DataType.FLOAT32, false).sub(1f).mul(1e9f).reshape(batch, 1, 1, length);
        int heads = config.heads();
        int d = config.headSize();
        float scale = (float) (1 / Math.sqrt(d));
        for (Layer layer : layerList) {
            NDArray q = split(apply(ps, layer.query, x, training), heads, d);
            NDArray k = split(apply(ps, layer.key, x, training), heads, d);
            NDArray v = split(apply(ps, layer.value, x, training), heads, d);
            NDArray attention = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(maskBias).softmax(-1);
            attention = dropout(attention, config.attentionDropout(), training);
            NDArray context = attention.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, config.hidden());
            NDArray attended = dropout(apply(ps, layer.attentionOut, context, training), config.hiddenDropout(), training);
            x = layerNorm(ps, x.add(attended), layer.attentionNorm, training);
            NDArray inner = Activation.gelu(apply(ps, layer.intermediate, x, training));
            NDArray out = dropout(apply(ps, layer.output, inner, training), config.hiddenDropout(), training);
            x = layerNorm(ps, x.add(out), layer.outputNorm, training);
        }
        return new NDList(x);
    }

    /** The attention-mask-weighted mean of the hidden states [B, L, H]: the sentence embedding [B, H]. */
    public static NDArray meanPool(NDArray hidden, NDArray mask) {
        NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(-1);
        return hidden.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}).maximum(1e-9f));
    }

    private static NDArray lookup(NDArray ids, NDArray table) {
        return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    private static NDArray split(NDArray x, int heads, int d) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, d).transpose(0, 2, 1, 3);
    }

    private static NDArray apply(ParameterStore ps, Block linear, NDArray x, boolean training) {
        return linear.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    private NDArray layerNorm(ParameterStore ps, NDArray x, Parameter[] norm, boolean training) {
        Device device = x.getDevice();
        return LayerNorm.layerNorm(x, new Shape(config.hidden()), ps.getValue(norm[0], device, training),
                ps.getValue(norm[1], device, training), config.layerNormEps()).singletonOrThrow();
    }

    private static NDArray dropout(NDArray x, float rate, boolean training) {
        return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.hidden())};
    }

    @Override
    public String toString() {
        return "TransformerEncoder(" + config.layers() + " layers, width " + config.hidden() + ", " + config.heads()
                + " heads, vocabulary " + config.vocabSize() + ")";
    }
}
