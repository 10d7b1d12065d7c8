package dev.metalora.spark;

import dev.metalora.progress.Progress;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SparkListener} (one per context) that turns the finished tasks of a run's job group
 * into steps of that run's progress (a task is a job of the run), and counts the tasks still
 * running so that a cancelled run can wait for them to stop.
 */
final class JobGroupProgress extends SparkListener {
    private static final String GROUP = "spark.jobGroup.id";

    /** One run: its progress, its total, how many of its tasks are done and running. */
    static final class Run {
        private final Progress progress;
        private final int total;
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger running = new AtomicInteger();
        private volatile boolean finished;

        Run(Progress progress, int total) {
            this.progress = progress;
            this.total = total;
        }

        private void taskDone() {
            if (!finished && done.incrementAndGet() <= total) {
                progress.step(1);
            }
        }

        /** After a successful collect: the steps whose events are still on Spark's listener bus. */
        void complete() {
            finished = true;
            int shown = Math.min(done.get(), total);
            if (shown < total) {
                progress.step(total - shown);
            }
        }

        /** Waits up to {@code millis} for the run's running tasks to end; true if they did. */
        boolean awaitStopped(long millis) throws InterruptedException {
            long end = System.nanoTime() + millis * 1_000_000L;
            while (running.get() > 0) {
                if (System.nanoTime() > end) {
                    return false;
                }
                Thread.sleep(20);
            }
            return true;
        }

        int running() {
            return running.get();
        }
    }

    private final Map<String, Run> byGroup = new ConcurrentHashMap<>();
    private final Map<Integer, Run> byStage = new ConcurrentHashMap<>();

    Run track(String group, Progress progress, int total) {
        Run run = new Run(progress, total);
        byGroup.put(group, run);
        return run;
    }

    void untrack(String group) {
        Run run = byGroup.remove(group);
        byStage.values().removeIf(r -> r == run);
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        if (event.properties() == null) {
            return;
        }
        String group = event.properties().getProperty(GROUP);
        Run run = group == null ? null : byGroup.get(group);
        if (run != null) {
            byStage.put(event.stageInfo().stageId(), run);
        }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart event) {
        Run run = byStage.get(event.stageId());
        if (run != null) {
            run.running.incrementAndGet();
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        Run run = byStage.get(event.stageId());
        if (run != null) {
            run.running.decrementAndGet();
            if (event.taskInfo().successful()) {
                run.taskDone();
            }
        }
    }
}
