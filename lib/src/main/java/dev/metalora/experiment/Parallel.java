package dev.metalora.experiment;

import dev.metalora.progress.InterruptedRunException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    private record Indexed<R>(int index, R value) {
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
            // Collected as they finish, so that the first failure stops the others at once.
            CompletionService<Indexed<R>> done = new ExecutorCompletionService<>(pool);
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                T item = items.get(i);
                done.submit(() -> new Indexed<>(index, job.apply(item)));
            }
            List<R> out = new ArrayList<>(java.util.Collections.nCopies(items.size(), null));
            for (int i = 0; i < items.size(); i++) {
                Indexed<R> r = done.take().get();
                out.set(r.index(), r.value());
            }
            return out;
        } catch (InterruptedException e) {
            // Like Progress.checkInterrupted: the exception carries the interrupt (flag cleared, so
            // that the next notebook cell starts clean).
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
