package dev.metalora.bench;

import dev.metalora.Experiments;
import dev.metalora.linear.LinearComparison;
import dev.metalora.linear.LinearConfig;
import dev.metalora.linear.LinearExperiment;
import dev.metalora.linear.Backend;
import dev.metalora.linear.Kernel;
import dev.metalora.progress.Progress;

/** Speed of the linear engine: the reference protocol and d = 100, against the targets. */
final class LinearBench {
    private LinearBench() {
    }

    /** Gradient steps of one configuration: LoRA-ML's inner and outer steps, SR's, fine-tuning's. */
    static long steps(LinearConfig c) {
        return (long) c.outerSteps() * (c.innerSteps() + 1) + c.outerSteps() + c.fineTuneSteps();
    }

    /**
     * Runs {@code e} and prints its wall-clock compute seconds (held to the target), steps per
     * second, the cores it may use (the Java kernel: this thread; ND4J: its OpenMP threads, one per
     * core) and the CPU seconds of this thread, a fairer figure on a shared, busy machine.
     */
    private static void measure(String label, LinearExperiment e, double target) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        LinearComparison r = e.progress(Progress.none()).run();
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        LinearConfig c = r.config();
        long steps = steps(c);
        String kernel = c.backend() == Backend.AUTO ? Kernel.forDim(c.dim()).name() : c.backend().name().toLowerCase();
        // the Java kernel runs on this thread alone; ND4J's native matrix products may use its OpenMP threads
        String cores = kernel.equals("java") ? "1 core " : Runtime.getRuntime().availableProcessors() + " cores";
        System.out.printf("%-44s %-5s %s %7.2f s (cpu %6.2f s) %9.0f steps/s (%d steps x %d trials)%s%n", label,
                kernel, cores, r.seconds(), cpu, steps / r.seconds(), steps, c.trials(),
                target > 0 ? String.format("  target < %.0f s: %s", target, r.seconds() < target ? "met" : "MISSED") : "");
    }

    /** Section "linear": the configurations the issue sets targets for. */
    static void run() {
        System.out.println("warm-up (JIT, native libraries): reference protocol, 1 trial, 300 outer steps");
        Experiments.linear().trials(1).outerSteps(300).fineTuneSteps(1000).progress(Progress.none()).run();
        measure("reference (d=10 T=3 N=5000 n=100 k=1), 1 trial", Experiments.linear().trials(1), 0);
        measure("reference, 5 trials", Experiments.linear().trials(5), 3);
        measure("d=100 T=5 k=4 N=20000, 1 trial", Experiments.linear().dim(100).tasks(5).rank(4).samples(20000).trials(1), 60);
    }

    /** Section "linear-kernels": Java against ND4J by dimension (shortened protocol), to place {@link Kernel#JAVA_MAX_DIM}. */
    static void kernels() {
        for (Backend b : new Backend[] {Backend.ND4J, Backend.JAVA}) {
            Experiments.linear().trials(1).outerSteps(100).fineTuneSteps(100).backend(b).progress(Progress.none()).run();
        }
        System.out.println("300 outer x 10 inner steps, 1000 fine-tuning steps, T=3, k=1, 1 trial; threshold now d <= "
                + Kernel.JAVA_MAX_DIM);
        for (int d : new int[] {10, 20, 30, 40, 50, 60, 80, 100}) {
            for (Backend b : new Backend[] {Backend.JAVA, Backend.ND4J}) {
                measure("d=" + d, Experiments.linear().dim(d).trials(1).outerSteps(300).fineTuneSteps(1000).backend(b), 0);
            }
        }
    }
}
