package dev.metalora.language;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns text into the encoder's inputs with a Hugging Face {@code tokenizer.json} (DJL's native
 * tokenizers, offline). A sentence is {@code [CLS] s [SEP]}; a (context, candidate) pair is
 * {@code [CLS] context [SEP] candidate [SEP]} with token types 0 then 1 for BERT vocabularies, and
 * {@code <s> context </s><s> candidate </s>} (each part with its own specials, one token type) for
 * RoBERTa, as in the reference code. A sequence longer than {@code maxTokens} is truncated (the
 * start of the context first, then the end of the candidate) with a warning, never an error.
 */
public final class TextEncoder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TextEncoder.class);

    /** How a (context, candidate) pair is laid out. */
    public enum PairFormat {
        /** {@code [CLS] a [SEP] b [SEP]}, token types 0 for the first part, 1 for the second. */
        BERT,
        /** {@code <s> a </s><s> b </s>}, token type 0 throughout. */
        ROBERTA
    }

    /** One encoded sequence. */
    public record Encoded(long[] ids, long[] types) {
        public int length() {
            return ids.length;
        }
    }

    private final HuggingFaceTokenizer tokenizer;
    private final PairFormat format;
    private final int maxTokens;
    private final int vocabSize;
    private final long cls;
    private final long sep;
    private final String source;
    private long truncated;

    private TextEncoder(HuggingFaceTokenizer tokenizer, PairFormat format, int maxTokens, int vocabSize, String source) {
        this.tokenizer = tokenizer;
        this.format = format;
        this.maxTokens = maxTokens;
        this.vocabSize = vocabSize;
        this.source = source;
        long[] empty = tokenizer.encode("", true, false).getIds();
        if (empty.length != 2) {
            throw new IllegalArgumentException("tokenizer: " + source + " does not wrap a text in one start and one end "
                    + "token (got " + empty.length + " special tokens for an empty text); BERT or RoBERTa tokenizers only");
        }
        cls = empty[0];
        sep = empty[1];
    }

    /**
     * Opens a {@code tokenizer.json} and checks it against the encoder it feeds: its vocabulary must
     * have exactly {@code config.vocabSize()} entries.
     */
    public static TextEncoder open(Path tokenizerJson, PairFormat format, EncoderConfig config) {
        return open(tokenizerJson, format, config, config.maxTokens());
    }

    /** The same, sequences truncated to {@code maxTokens} (at most the encoder's positions). */
    public static TextEncoder open(Path tokenizerJson, PairFormat format, EncoderConfig config, int maxTokens) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IllegalArgumentException("tokenizer: " + tokenizerJson + " does not exist; it is the model's "
                    + "tokenizer.json (from its Hugging Face repository, e.g. huggingface.co/roberta-base)");
        }
        try {
            return open(Files.readAllBytes(tokenizerJson), tokenizerJson.toString(), format, config, maxTokens);
        } catch (IOException e) {
            throw new IllegalArgumentException("tokenizer: " + tokenizerJson + " could not be read: " + e.getMessage(), e);
        }
    }

    /** Like {@link #open(Path, PairFormat, EncoderConfig)} for a tokenizer.json held in memory. */
    public static TextEncoder open(byte[] tokenizerJson, String source, PairFormat format, EncoderConfig config) {
        return open(tokenizerJson, source, format, config, config.maxTokens());
    }

    /** The same, sequences truncated to {@code maxTokens} (at most the encoder's positions). */
    public static TextEncoder open(byte[] tokenizerJson, String source, PairFormat format, EncoderConfig config,
                                   int maxTokens) {
        if (maxTokens < 4 || maxTokens > config.maxTokens()) {
            throw new IllegalArgumentException("maxTokens: must be in 4.." + config.maxTokens()
                    + " (the encoder's positions), got " + maxTokens);
        }
        int vocab;
        try {
            vocab = vocabularySize(new ObjectMapper().readTree(tokenizerJson), source);
        } catch (IOException e) {
            throw new IllegalArgumentException("tokenizer: " + source + " is not a readable tokenizer.json ("
                    + e.getMessage() + "); download it again from the model's Hugging Face repository", e);
        }
        if (vocab != config.vocabSize()) {
            throw new IllegalArgumentException("tokenizer: " + source + " has a vocabulary of " + vocab
                    + " tokens but the weights' embedding table has " + config.vocabSize()
                    + " rows; use the tokenizer.json that belongs to these weights");
        }
        try {
            HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true"));
            return new TextEncoder(t, format, maxTokens, vocab, source);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("tokenizer: " + source + " could not be loaded (" + e.getMessage()
                    + "); it must be a Hugging Face tokenizer.json", e);
        }
    }

    /** The number of tokens in a tokenizer.json: largest id in the model's vocabulary or the added tokens, plus one. */
    static int vocabularySize(JsonNode json, String source) {
        JsonNode vocab = json.path("model").path("vocab");
        if (!vocab.isObject()) {
            throw new IllegalArgumentException("tokenizer: " + source + " has no model.vocab object "
                    + "(WordPiece or BPE tokenizer.json expected)");
        }
        long max = -1;
        for (Iterator<JsonNode> it = vocab.elements(); it.hasNext(); ) {
            max = Math.max(max, it.next().asLong());
        }
        for (JsonNode added : json.path("added_tokens")) {
            max = Math.max(max, added.path("id").asLong());
        }
        return Math.toIntExact(max + 1);
    }

    public PairFormat format() {
        return format;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public int vocabSize() {
        return vocabSize;
    }

    /** How many sequences were truncated so far. */
    public long truncatedCount() {
        return truncated;
    }

    /** The tokens of a text without special tokens. */
    public long[] tokens(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    /** {@code [CLS] text [SEP]} (or {@code <s> text </s>}). */
    public Encoded sentence(String text) {
        long[] t = tokens(text);
        if (t.length + 2 > maxTokens) {
            warnTruncated(t.length + 2);
            t = Arrays.copyOf(t, maxTokens - 2);
        }
        long[] ids = new long[t.length + 2];
        ids[0] = cls;
        System.arraycopy(t, 0, ids, 1, t.length);
        ids[ids.length - 1] = sep;
        return new Encoded(ids, new long[ids.length]);
    }

    /** A (context, candidate) pair in this encoder's {@link PairFormat}, at most {@link #maxTokens} long. */
    public Encoded pair(String context, String candidate) {
        return pair(tokens(context), tokens(candidate));
    }

    /** A pair from already tokenised parts (so a context shared by many candidates is tokenised once). */
    public Encoded pair(long[] context, long[] candidate) {
        int specials = format == PairFormat.BERT ? 3 : 4;
        int total = context.length + candidate.length + specials;
        if (total > maxTokens) {
            warnTruncated(total);
            int over = total - maxTokens;
            int fromContext = Math.min(over, context.length);
            context = Arrays.copyOfRange(context, fromContext, context.length);
            candidate = Arrays.copyOf(candidate, candidate.length - (over - fromContext));
        }
        long[] ids = new long[context.length + candidate.length + specials];
        long[] types = new long[ids.length];
        int i = 0;
        ids[i++] = cls;
        for (long t : context) {
            ids[i++] = t;
        }
        ids[i++] = sep;
        int second = i;
        if (format == PairFormat.ROBERTA) {
            ids[i++] = cls;
        }
        for (long t : candidate) {
            ids[i++] = t;
        }
        ids[i] = sep;
        if (format == PairFormat.BERT) {
            Arrays.fill(types, second, types.length, 1);
        }
        return new Encoded(ids, types);
    }

    private void warnTruncated(int length) {
        truncated++;
        if (truncated == 1 || Long.bitCount(truncated) == 1 && truncated >= 1024) {
            LOG.warn("a sequence of {} tokens was truncated to the encoder's {} positions ({} so far, {})",
                    length, maxTokens, truncated, source);
        }
    }

    /**
     * Pads sequences to the longest (with {@code padId}) into {@code (ids, types, mask)} [n, L] int64
     * arrays, the encoder's input.
     */
    public static NDList batch(List<Encoded> sequences, long padId, NDManager manager) {
        int n = sequences.size();
        int length = sequences.stream().mapToInt(Encoded::length).max().orElse(0);
        long[] ids = new long[n * length];
        long[] types = new long[n * length];
        long[] mask = new long[n * length];
        Arrays.fill(ids, padId);
        for (int r = 0; r < n; r++) {
            Encoded e = sequences.get(r);
            System.arraycopy(e.ids(), 0, ids, r * length, e.length());
            System.arraycopy(e.types(), 0, types, r * length, e.length());
            Arrays.fill(mask, r * length, r * length + e.length(), 1);
        }
        Shape s = new Shape(n, length);
        NDArray a = manager.create(ids, s);
        NDArray b = manager.create(types, s);
        NDArray c = manager.create(mask, s);
        return new NDList(a, b, c);
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    @Override
    public String toString() {
        return "TextEncoder(" + source + ", " + format + ", vocabulary " + vocabSize + ", at most " + maxTokens + " tokens)";
    }
}
