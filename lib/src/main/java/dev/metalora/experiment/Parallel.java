package dev.metalora.experiment;

import dev.metalora.progress.InterruptedRunException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs independent jobs (the values of a sweep) on a fixed pool of
 * {@code Runtime.availableProcessors()} threads and returns their results in input order.
 * The first failure cancels the rest and is rethrown as it was thrown; interrupting the caller
 * interrupts every job.
 */
final class Parallel {
    private Parallel() {
    }

    static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }

    static <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> job) {
        if (items.size() <= 1) {
            List<R> out = new ArrayList<>();
            for (T item : items) {
                out.add(job.apply(item));
            }
            return out;
        }
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads(), items.size()), r -> {
            Thread t = new Thread(r, "metalora-parallel-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<? extends R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> job.apply(item)));
            }
            List<R> out = new ArrayList<>();
            for (Future<? extends R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedRunException("parallel runs interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
