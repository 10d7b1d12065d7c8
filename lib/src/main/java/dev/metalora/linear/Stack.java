package dev.metalora.linear;

/**
 * A stack of {@code batch} dense matrices of {@code rows x cols}, held by a {@link Kernel}: the
 * adapters of all tasks and all trials of one configuration live in one stack and move together.
 */
public interface Stack {
    int batch();

    int rows();

    int cols();
}
