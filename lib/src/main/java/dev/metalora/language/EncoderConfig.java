package dev.metalora.language;

/**
 * The shape of a BERT-family encoder: BERT and MiniLM (two token types, LayerNorm eps 1e-12,
 * absolute positions counted from 0) or RoBERTa (one token type, eps 1e-5, positions counted from
 * {@code paddingIdx + 1} over the non-padding tokens, padding at position {@code paddingIdx}).
 *
 * @param vocabSize         tokens in the vocabulary
 * @param hidden            width of the hidden states
 * @param layers            transformer layers
 * @param heads             attention heads ({@code hidden} must be a multiple)
 * @param intermediate      width of the feed-forward layer
 * @param maxPositions      rows of the position table
 * @param typeVocabSize     token types (2 for BERT, 1 for RoBERTa)
 * @param layerNormEps      LayerNorm epsilon
 * @param padTokenId        the padding token
 * @param robertaPositions  whether positions start at {@code padTokenId + 1} and skip padding (RoBERTa)
 * @param hiddenDropout     dropout on the embeddings and each sub-layer output
 * @param attentionDropout  dropout on the attention probabilities
 */
public record EncoderConfig(int vocabSize, int hidden, int layers, int heads, int intermediate, int maxPositions,
                            int typeVocabSize, float layerNormEps, int padTokenId, boolean robertaPositions,
                            float hiddenDropout, float attentionDropout) {

    public EncoderConfig {
        positive("vocabSize", vocabSize);
        positive("hidden", hidden);
        positive("layers", layers);
        positive("heads", heads);
        positive("intermediate", intermediate);
        positive("maxPositions", maxPositions);
        positive("typeVocabSize", typeVocabSize);
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("heads: must divide hidden (" + hidden + "), got " + heads);
        }
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layerNormEps: must be > 0, got " + layerNormEps);
        }
        if (padTokenId < 0 || padTokenId >= vocabSize) {
            throw new IllegalArgumentException("padTokenId: must be in 0.." + (vocabSize - 1) + ", got " + padTokenId);
        }
        if (robertaPositions && padTokenId + 2 > maxPositions) {
            throw new IllegalArgumentException("maxPositions: RoBERTa positions start at padTokenId + 1 = "
                    + (padTokenId + 1) + ", so maxPositions must exceed it, got " + maxPositions);
        }
        rate("hiddenDropout", hiddenDropout);
        rate("attentionDropout", attentionDropout);
    }

    /** all-MiniLM-L6-v2: BERT, 6 layers, width 384, 12 heads, uncased WordPiece vocabulary of 30 522. */
    public static EncoderConfig miniLmL6() {
        return new EncoderConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12f, 0, false, 0.1f, 0.1f);
    }

    /** roberta-base: 12 layers, width 768, 12 heads, BPE vocabulary of 50 265, padding id 1, 514 positions. */
    public static EncoderConfig robertaBase() {
        return new EncoderConfig(50265, 768, 12, 12, 3072, 514, 1, 1e-5f, 1, true, 0.1f, 0.1f);
    }

    /** A small BERT-style encoder for tests and sketches. */
    public static EncoderConfig tinyBert(int vocabSize, int hidden, int layers, int heads, int maxPositions) {
        return new EncoderConfig(vocabSize, hidden, layers, heads, 4 * hidden, maxPositions, 2, 1e-12f, 0, false, 0.1f, 0.1f);
    }

    /** A small RoBERTa-style encoder for tests and sketches (padding id 1). */
    public static EncoderConfig tinyRoberta(int vocabSize, int hidden, int layers, int heads, int maxPositions) {
        return new EncoderConfig(vocabSize, hidden, layers, heads, 4 * hidden, maxPositions, 1, 1e-5f, 1, true, 0.1f, 0.1f);
    }

    /** The same encoder with its first {@code n} layers only (the rest of a pretrained model is dropped). */
    public EncoderConfig withLayers(int n) {
        if (n < 1 || n > layers) {
            throw new IllegalArgumentException("layers: must be in 1.." + layers + ", got " + n);
        }
        return new EncoderConfig(vocabSize, hidden, n, heads, intermediate, maxPositions, typeVocabSize, layerNormEps,
                padTokenId, robertaPositions, hiddenDropout, attentionDropout);
    }

    /** The longest token sequence the position table allows. */
    public int maxTokens() {
        return robertaPositions ? maxPositions - padTokenId - 1 : maxPositions;
    }

    public int headSize() {
        return hidden / heads;
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + ": must be >= 1, got " + v);
        }
    }

    private static void rate(String name, float v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(name + ": must be in [0, 1), got " + v);
        }
    }
}
