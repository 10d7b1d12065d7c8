package dev.metalora.runner;

import dev.metalora.progress.InterruptedRunException;
import dev.metalora.progress.Progress;

import java.io.Serializable;
import java.util.concurrent.locks.ReentrantLock;

/** How every runner runs one job: {@link Job#exclusive() exclusive} jobs one at a time per JVM. */
public final class Jobs {
    /** Held by the exclusive (DJL) job running in this JVM. */
    private static final ReentrantLock EXCLUSIVE = new ReentrantLock();

    private Jobs() {
    }

    /**
     * Runs {@code job} on {@code config}; an exclusive job first waits for the one running in this
     * JVM, if any, to finish (an interrupt while waiting ends the call with
     * {@link InterruptedRunException}). Runners call this, not {@link Job#run}, on whatever JVM the
     * job lands.
     */
    public static <C extends Serializable, R extends Serializable> R run(Job<C, R> job, C config, Progress progress) {
        if (!job.exclusive()) {
            return job.run(config, progress);
        }
        try {
            EXCLUSIVE.lockInterruptibly();
        } catch (InterruptedException e) {
            throw new InterruptedRunException("interrupted while waiting for the DJL job running in this JVM");
        }
        try {
            return job.run(config, progress);
        } finally {
            EXCLUSIVE.unlock();
        }
    }
}
