package dev.metalora.results;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;

/**
 * An immutable result: a short aligned table ({@link #summary()}, also its {@code toString()}),
 * its data as JSON ({@link #toJson()}), saved atomically ({@link #save(Path)}).
 */
public interface Result {

    /** A short aligned plain-text table. */
    String summary();

    /** The result as a Jackson tree (built with {@link Json}, never by string concatenation). */
    JsonNode toJson();

    /** Writes {@link #toJson()} to {@code path} through a temporary file and a rename; returns the absolute path. */
    default Path save(Path path) {
        return Json.saveAtomically(path, Json.write(toJson()));
    }
}
