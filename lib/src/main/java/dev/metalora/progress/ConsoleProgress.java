package dev.metalora.progress;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;

/** A text progress bar on a console stream (standard error by default), via {@code me.tongfei:progressbar}. */
public final class ConsoleProgress implements Progress {
    private final PrintStream out;
    private ProgressBar bar;
    private long total;

    public ConsoleProgress() {
        this(System.err);
    }

    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void start(String label, long total) {
        closeBar();
        this.total = total;
        bar = new ProgressBarBuilder()
                .setTaskName(label)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .build();
    }

    @Override
    public synchronized void step(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.stepTo(Math.max(bar.getCurrent(), total));
        }
        closeBar();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
