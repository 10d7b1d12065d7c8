package dev.metalora.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class ParallelTest {

    @Test
    void resultsComeBackInInputOrder() {
        List<Integer> in = IntStream.range(0, 20).boxed().toList();
        List<Integer> out = Parallel.map(in, i -> {
            try {
                Thread.sleep((20 - i) % 7); // finish out of order
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return i * i;
        });
        assertEquals(in.stream().map(i -> i * i).toList(), out);
    }

    @Test
    void usesAtMostTheAvailableProcessors() {
        var names = ConcurrentHashMap.<String>newKeySet();
        Parallel.map(IntStream.range(0, 12).boxed().toList(), i -> names.add(Thread.currentThread().getName()));
        assertTrue(names.size() <= Parallel.threads(), names.toString());
    }

    @Test
    void interruptingTheCallerStopsEveryJob() throws Exception {
        var started = new java.util.concurrent.atomic.AtomicInteger();
        var stopped = new java.util.concurrent.atomic.AtomicInteger();
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread caller = new Thread(() -> {
            try {
                Parallel.map(List.of(1, 2, 3), i -> {
                    started.incrementAndGet();
                    try {
                        while (true) {
                            dev.metalora.progress.Progress.checkInterrupted("job " + i);
                            Thread.onSpinWait();
                        }
                    } finally {
                        stopped.incrementAndGet();
                    }
                });
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        caller.start();
        Thread.sleep(200);
        caller.interrupt();
        caller.join(10_000);
        assertInstanceOf(dev.metalora.progress.InterruptedRunException.class, failure.get());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (stopped.get() < started.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(started.get() >= 1);
        assertEquals(started.get(), stopped.get(), "every started job stopped; jobs not started were cancelled");
    }

    @Test
    void aFailureIsRethrownAsThrown() {
        var e = assertThrows(IllegalArgumentException.class, () -> Parallel.map(List.of(1, 2, 3), i -> {
            if (i == 2) {
                throw new IllegalArgumentException("tasks: 2 is bad");
            }
            return i;
        }));
        assertEquals("tasks: 2 is bad", e.getMessage());
    }
}
