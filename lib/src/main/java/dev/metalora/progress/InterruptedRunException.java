package dev.metalora.progress;

/** A run stopped because its thread was interrupted (a notebook's interrupt, Ctrl-C). */
public class InterruptedRunException extends RuntimeException {
    public InterruptedRunException(String message) {
        super(message);
    }
}
