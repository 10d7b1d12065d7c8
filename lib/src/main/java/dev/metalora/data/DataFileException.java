package dev.metalora.data;

import java.nio.file.Path;

/**
 * A data file is missing, unreadable or not in the expected format. The message names the path,
 * what was expected there, and how to get the file.
 */
public class DataFileException extends RuntimeException {
    private final Path path;

    public DataFileException(Path path, String problem, String howToGet, Throwable cause) {
        super(path + ": " + problem + ". " + howToGet, cause);
        this.path = path;
    }

    public DataFileException(Path path, String problem, String howToGet) {
        this(path, problem, howToGet, null);
    }

    /** The file at fault. */
    public Path path() {
        return path;
    }
}
