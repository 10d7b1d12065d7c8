package dev.metalora.runner;

import dev.metalora.progress.Progress;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class LocalRunnerTest {

    private static <R extends java.io.Serializable> List<R> map(List<Integer> in, Job<Integer, R> job) {
        return Runner.local().run("test", in, job, Progress.none());
    }


    @Test
    void resultsComeBackInInputOrder() {
        List<Integer> in = IntStream.range(0, 20).boxed().toList();
        List<Integer> out = map(in, (i, p) -> {
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
        map(IntStream.range(0, 12).boxed().toList(), (i, p) -> names.add(Thread.currentThread().getName()));
        assertTrue(names.size() <= Runner.local().parallelism(), names.toString());
    }

    @Test
    void interruptingTheCallerStopsEveryJob() throws Exception {
        var started = new java.util.concurrent.atomic.AtomicInteger();
        var stopped = new java.util.concurrent.atomic.AtomicInteger();
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread caller = new Thread(() -> {
            try {
                map(List.of(1, 2, 3), (i, p) -> {
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
    void oneThreadRunsTheJobsOnTheCallingThread() {
        var names = ConcurrentHashMap.<String>newKeySet();
        Runner.local(1).run("test", List.of(1, 2, 3), (i, p) -> names.add(Thread.currentThread().getName()),
                Progress.none());
        assertEquals(java.util.Set.of(Thread.currentThread().getName()), names);
    }

    @Test
    void badSizesNameTheParameter() {
        var e = assertThrows(IllegalArgumentException.class, () -> Runner.local(0));
        assertTrue(e.getMessage().startsWith("threads: 0"), e.getMessage());
        var empty = assertThrows(IllegalArgumentException.class,
                () -> Runner.local().run("test", List.<Integer>of(), (i, p) -> i, Progress.none()));
        assertTrue(empty.getMessage().startsWith("configs:"), empty.getMessage());
    }

    @Test
    void aFailureIsRethrownAsThrown() {
        var e = assertThrows(IllegalArgumentException.class, () -> map(List.of(1, 2, 3), (i, p) -> {
            if (i == 2) {
                throw new IllegalArgumentException("tasks: 2 is bad");
            }
            return i;
        }));
        assertEquals("tasks: 2 is bad", e.getMessage());
    }

    /** A job that records how many of its kind run at once. */
    private record Overlap(java.util.concurrent.atomic.AtomicInteger running,
                           java.util.concurrent.atomic.AtomicInteger most) implements Job<Integer, Integer> {
        @Override
        public Integer run(Integer i, Progress p) {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
            return i;
        }

        @Override
        public boolean exclusive() {
            return true;
        }
    }

    @Test
    void exclusiveJobsNeverOverlapInOneJvm() throws Exception {
        var most = new java.util.concurrent.atomic.AtomicInteger();
        Overlap job = new Overlap(new java.util.concurrent.atomic.AtomicInteger(), most);
        assertEquals(1, Runner.local(8).parallelism(job));
        assertEquals(List.of(1, 2, 3, 4), Runner.local(8).run("test", List.of(1, 2, 3, 4), job, Progress.none()));
        assertEquals(1, most.get(), "the local runner ran them one after another");
        // Another runner's threads in this JVM (Spark's local mode, say) go through Jobs.run: its lock serialises them.
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = IntStream.range(0, 8).mapToObj(i -> pool.submit(() -> Jobs.run(job, i, Progress.none()))).toList();
            for (var f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, most.get(), "Jobs.run let at most one exclusive job run at a time");
    }
}
