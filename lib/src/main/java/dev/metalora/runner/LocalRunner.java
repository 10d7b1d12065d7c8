package dev.metalora.runner;

import dev.metalora.progress.InterruptedRunException;

import dev.metalora.progress.ProgressParts;
import dev.metalora.progress.Progress;
import java.io.Serializable;
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
 * The default {@link Runner}: a fixed pool of threads in this JVM. Each job gets a part of the
 * caller's progress ({@link ProgressParts}: the jobs of a sweep do equal work). The first failure
 * cancels the rest and is rethrown as it was thrown; interrupting the caller interrupts every job.
 * With one thread, or one job, the jobs run on the calling thread; so do {@link Job#exclusive()
 * exclusive} jobs (those that train with DJL: PyTorch allows one {@code GradientCollector} per JVM),
 * one after another, whatever the number of threads.
 */
public final class LocalRunner implements Runner {
    private final int threads;

    LocalRunner(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " must be at least 1");
        }
        this.threads = threads;
    }

    private record Indexed<R>(int index, R value) {
    }

    @Override
    public int parallelism() {
        return threads;
    }

    @Override
    public <C extends Serializable, R extends Serializable> List<R> run(String label, List<C> configs, Job<C, R> job,
                                                                        Progress progress) {
        if (configs == null || configs.isEmpty()) {
            throw new IllegalArgumentException("configs: no jobs to run; give at least one configuration");
        }
        ProgressParts parts = new ProgressParts(progress == null ? Progress.none() : progress, label, configs.size());
        return map(configs, c -> Jobs.run(job, c, parts.part()), job.exclusive() ? 1 : threads);
    }

    private static <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> job, int threads) {
        if (items.size() <= 1 || threads == 1) {
            List<R> out = new ArrayList<>();
            for (T item : items) {
                out.add(job.apply(item));
            }
            return out;
        }
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), r -> {
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
