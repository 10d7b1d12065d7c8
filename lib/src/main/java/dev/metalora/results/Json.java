package dev.metalora.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The project's one JSON mapper, and atomic writes for every saved result. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code {"mean", "min", "max", "stderr", "values"}} for a statistic. */
    public static ObjectNode stat(Stat s) {
        ObjectNode n = object();
        n.put("mean", s.mean()).put("min", s.min()).put("max", s.max()).put("stderr", s.stderr());
        var arr = n.putArray("values");
        for (double v : s.values()) {
            arr.add(v);
        }
        return n;
    }

    /** Pretty JSON text of any tree or value. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Writes text to a temporary file beside {@code path}, then renames it: never a half file. */
    public static Path saveAtomically(Path path, String text) {
        return saveAtomically(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A temporary file is created owner-only (0600); a saved result is an ordinary file (0644). */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // non-POSIX file system: keep its defaults
        }
    }

    public static Path saveAtomically(Path path, byte[] bytes) {
        try {
            Path abs = path.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            try {
                readableByAll(tmp);
                Files.write(tmp, bytes);
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return abs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
