package dev.metalora.kernel.jshell;

import jdk.jshell.execution.DirectExecutionControl;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs snippets in this JVM (JShell's {@link DirectExecutionControl}) on one long-lived cell thread,
 * keeping each snippet's value as a live object so the kernel can render it.
 *
 * <p>{@link #stop()} interrupts the cell thread. Code that checks {@code Thread.interrupted()} ends
 * at once; code that never checks is abandoned on its thread (which keeps running as a daemon) and a
 * fresh cell thread takes over, so the kernel always comes back. A per-snippet timeout works the same way.
 */
public final class InProcessExecutionControl extends DirectExecutionControl {
    /** Exception "class name" of an interrupted snippet, as JShell reports it. */
    public static final String INTERRUPTED = "java.lang.InterruptedException";
    /** Exception "class name" of a snippet that ran past the timeout (a space: never a real class). */
    public static final String TIMED_OUT = "Timeout exceeded";

    private static final Duration GRACE = Duration.ofSeconds(1);

    private final SnippetLoader loader;
    private final Duration timeout;
    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();
    /** True on a cell thread while it runs a snippet. */
    private static final ThreadLocal<Boolean> ON_CELL_THREAD = ThreadLocal.withInitial(() -> false);
    private volatile ExecutorService cellThread;
    private volatile Future<Object> running;
    private volatile boolean stopRequested;

    /** @param timeout per-snippet limit, or {@code null} for none */
    public InProcessExecutionControl(SnippetLoader loader, Duration timeout) {
        super(loader);
        this.loader = loader;
        this.timeout = timeout;
        this.cellThread = newCellThread();
    }

    private ExecutorService newCellThread() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "jshell-cell");
            t.setDaemon(true);
            t.setContextClassLoader(loader.classLoader());
            return t;
        });
    }

    /**
     * Removes and returns the live value stored under a key that {@link #invoke(Method)} or
     * {@link #varValue} returned; empty for a {@code null} value or a key that is not ours.
     */
    public Optional<Object> takeResult(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(results.remove(key));
    }

    /** Keeps a live value under a fresh key (nothing is kept for {@code null}). */
    private String keep(Object value) {
        String key = "$metalora-value-" + keys.incrementAndGet();
        if (value != null) {
            results.put(key, value);
        }
        return key;
    }

    /**
     * A variable's value: like {@code invoke}, returns a key to the live object (JShell uses this for
     * a cell that ends with a bare variable name, {@code x}).
     */
    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
        Object value;
        try {
            value = findClass(className).getField(varName).get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new InternalException("cannot read variable " + varName + ": " + e);
        }
        return keep(value);
    }

    /** Drops values nobody took (a cell that failed half-way). */
    public void clearResults() {
        results.clear();
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        return keep(runOnCellThread(doit));
    }

    private Object runOnCellThread(Method doit) throws Exception {
        if (stopRequested) {
            throw interrupted();
        }
        if (ON_CELL_THREAD.get()) {
            return doit.invoke(null); // a cell evaluating code (IJava's eval): the cell thread is this one
        }
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Future<Object> task = cellThread.submit(() -> {
            ON_CELL_THREAD.set(true);
            try {
                return doit.invoke(null);
            } catch (InvocationTargetException e) {
                thrown.set(e.getCause());
                throw e;
            } finally {
                ON_CELL_THREAD.set(false);
                done.countDown();
            }
        });
        running = task;
        if (stopRequested) {
            task.cancel(true);
        }
        try {
            return timeout == null ? task.get() : task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (CancellationException e) {
            // Report how the code itself ended when it reacted to the interrupt (the library's
            // InterruptedRunException names the step), else a plain interruption.
            if (awaitOrAbandon(done) && thrown.get() != null) {
                throw new InvocationTargetException(thrown.get());
            }
            throw interrupted();
        } catch (TimeoutException e) {
            task.cancel(true);
            awaitOrAbandon(done);
            throw new UserException("the cell ran longer than the timeout of " + timeout
                    + " (IJAVA_TIMEOUT) and was stopped", TIMED_OUT, new StackTraceElement[0]);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvocationTargetException) {
                throw (InvocationTargetException) cause;
            }
            throw new InvocationTargetException(cause);
        } finally {
            running = null;
        }
    }

    private static UserException interrupted() {
        return new UserException("the cell was interrupted", INTERRUPTED, new StackTraceElement[0]);
    }

    /**
     * Waits a moment for interrupted code to end; if it does not, gives it up and starts a new
     * cell thread.
     *
     * @return whether the code ended
     */
    private boolean awaitOrAbandon(CountDownLatch done) throws InterruptedException {
        if (done.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        ExecutorService stuck = cellThread;
        cellThread = newCellThread();
        stuck.shutdown();
        return false;
    }

    /**
     * Interrupts the running snippet, and makes every later snippet of the same cell fail at once
     * (an interrupt may arrive while the next snippet compiles). Called from the control channel's thread.
     */
    @Override
    public void stop() {
        stopRequested = true;
        Future<Object> task = running;
        if (task != null) {
            task.cancel(true);
        }
    }

    /** Forgets an interrupt that arrived between cells; called when a cell starts. */
    public void resetStop() {
        stopRequested = false;
    }

    /** True when {@link #stop()} was called since the last {@link #resetStop()}. */
    public boolean stopRequested() {
        return stopRequested;
    }

    @Override
    public void close() {
        stop();
        cellThread.shutdownNow();
        super.close();
    }
}
