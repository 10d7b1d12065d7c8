package dev.metalora.kernel.runtime;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A cell's {@code System.out} and {@code System.err}, buffered as ipykernel buffers them.
 *
 * <p>basekernel turns every flush of its streams into one iopub message, and ZeroMQ's publish
 * socket drops messages beyond its high-water mark (1000): a cell printing 100 000 lines one
 * message each lost most of them. Here both streams share one buffer, sent as one message
 * <ul>
 *   <li>every {@link #FLUSH_INTERVAL_MS} (the whole lines in it; a partial line, such as a prompt
 *       or progress dots, once it has waited a full interval),</li>
 *   <li>when it holds {@link #FLUSH_BYTES} (cut after its last newline, or, for one longer line,
 *       at a character boundary),</li>
 *   <li>when output switches between stdout and stderr (so they stay in order),</li>
 *   <li>before a display ({@link #flush()}) and when the cell ends ({@link #close()}), before the
 *       kernel goes idle, interrupted or not.</li>
 * </ul>
 * A {@code printf} table therefore arrives as whole lines, and nothing printed is lost.
 */
public final class CellOutput implements AutoCloseable {
    /** How often buffered output is sent while a cell runs (ipykernel: 0.2 s). */
    public static final long FLUSH_INTERVAL_MS = 200;
    /** Buffered bytes that trigger a send at once. */
    public static final int FLUSH_BYTES = 1 << 20;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cell-output-flusher");
        t.setDaemon(true);
        return t;
    });

    private final PrintStream stdoutTarget;
    private final PrintStream stderrTarget;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private PrintStream pendingTarget;
    /** Whether the partial line at the end of {@link #pending} was already there at the previous tick. */
    private boolean partialWaited;
    private boolean closed;
    private final ScheduledFuture<?> ticks;

    /**
     * Output for one cell, sent to the kernel's streams (each write to a target is one message).
     * The interval timer starts now; {@link #close()} stops it.
     */
    public CellOutput(PrintStream stdoutTarget, PrintStream stderrTarget) {
        this.stdoutTarget = stdoutTarget;
        this.stderrTarget = stderrTarget;
        this.stdout = stream(() -> this, false);
        this.stderr = stream(() -> this, true);
        this.ticks = TIMER.scheduleAtFixedRate(this::tick, FLUSH_INTERVAL_MS, FLUSH_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** The cell's {@code System.out}. */
    public PrintStream stdout() {
        return stdout;
    }

    /** The cell's {@code System.err}. */
    public PrintStream stderr() {
        return stderr;
    }

    /**
     * A print stream writing into whichever cell output {@code cell} gives at each write (none:
     * the bytes are dropped, as basekernel drops output between cells). {@code flush()} does
     * nothing: the interval sends within {@link #FLUSH_INTERVAL_MS}.
     */
    public static PrintStream stream(Supplier<CellOutput> cell, boolean stderr) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                CellOutput c = cell.get();
                if (c != null) {
                    c.write(stderr, b, off, len);
                }
            }
        }, false, StandardCharsets.UTF_8);
    }

    /** Buffers bytes written to the cell's stdout or stderr. */
    public void write(boolean toStderr, byte[] b, int off, int len) {
        append(toStderr ? stderrTarget : stdoutTarget, b, off, len);
    }

    private synchronized void append(PrintStream target, byte[] b, int off, int len) {
        if (closed || len == 0) {
            return; // a thread the cell left running, after the cell ended: basekernel drops it too
        }
        if (target != pendingTarget) {
            sendAll();
            pendingTarget = target;
        }
        pending.write(b, off, len);
        while (pending.size() >= FLUSH_BYTES) {
            byte[] bytes = pending.toByteArray();
            int cut = lastNewline(bytes) + 1;
            if (cut == 0) {
                cut = charBoundary(bytes, FLUSH_BYTES);
            }
            sendPrefix(bytes, cut);
        }
    }

    /** The interval flush: whole lines now, a partial line once it has waited one interval. */
    private synchronized void tick() {
        if (closed || pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        int cut = lastNewline(bytes) + 1;
        if (cut == bytes.length || (cut == 0 && partialWaited)) {
            sendAll();
        } else {
            if (cut > 0) {
                sendPrefix(bytes, cut);
            }
            partialWaited = true;
        }
    }

    /** Sends everything buffered now (before a display, so that output and displays keep their order). */
    public synchronized void flush() {
        sendAll();
    }

    /** Sends the rest and stops the timer; later writes are dropped. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            ticks.cancel(false);
            sendAll();
            closed = true;
        }
    }

    private void sendAll() {
        if (pending.size() > 0) {
            byte[] bytes = pending.toByteArray();
            sendPrefix(bytes, bytes.length);
        }
    }

    private void sendPrefix(byte[] bytes, int len) {
        pending.reset();
        pending.write(bytes, len, bytes.length - len);
        partialWaited = false;
        pendingTarget.write(bytes, 0, len);
        pendingTarget.flush();
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The largest cut at most {@code max} that does not split a UTF-8 character. */
    static int charBoundary(byte[] bytes, int max) {
        int cut = Math.min(max, bytes.length);
        while (cut > 0 && cut < bytes.length && (bytes[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return cut == 0 ? Math.min(max, bytes.length) : cut;
    }
}
