package dev.metalora.kernel.runtime;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sits between a cell's {@code System.out}/{@code System.err} and basekernel's auto-flushing
 * stream, which sends one Jupyter message per write: {@code printf("%6d  %8.2f%n", ...)} would
 * arrive as a dozen fragments. Here output is forwarded a whole line at a time; a partial line
 * (a prompt, dots of progress) follows after {@link #LINGER_MS} without a newline, and
 * {@link #drain()} sends the rest when the cell ends.
 */
public final class CoalescingStream extends OutputStream {
    /** How long a partial line waits for its newline before it is sent anyway. */
    public static final long LINGER_MS = 100;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "output-coalescer");
        t.setDaemon(true);
        return t;
    });

    private final PrintStream target;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private ScheduledFuture<?> scheduled;

    public CoalescingStream(PrintStream target) {
        this.target = target;
    }

    /** A print stream over a new coalescing stream to {@code target}. */
    public static PrintStream over(PrintStream target) {
        return new PrintStream(new CoalescingStream(target), true, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
    }

    /** Sends every complete line; schedules the rest. */
    @Override
    public synchronized void flush() {
        byte[] bytes = pending.toByteArray();
        int end = lastNewline(bytes) + 1;
        if (end > 0) {
            send(bytes, 0, end);
            pending.reset();
            pending.write(bytes, end, bytes.length - end);
        }
        if (pending.size() > 0 && (scheduled == null || scheduled.isDone())) {
            scheduled = TIMER.schedule(this::drain, LINGER_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Sends everything pending, complete line or not. */
    public synchronized void drain() {
        if (pending.size() > 0) {
            byte[] bytes = pending.toByteArray();
            pending.reset();
            send(bytes, 0, bytes.length);
        }
    }

    @Override
    public void close() {
        drain();
    }

    private void send(byte[] bytes, int off, int len) {
        target.write(bytes, off, len);
        target.flush();
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
