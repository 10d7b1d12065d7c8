package dev.metalora.bench;

import dev.metalora.Experiments;
import dev.metalora.linear.LinearSweep;
import dev.metalora.progress.Progress;

/** Speed of sweeps: the reference T sweep against the target. */
final class SweepBench {
    private static final double TARGET_SECONDS = 15;

    private SweepBench() {
    }

    /** CPU seconds of the whole process (the sweep's values run on pool threads), or NaN where unavailable. */
    private static double processCpuSeconds() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    /** Section "sweep": T in {2, 3, 5}, 5 trials, every reference step, values in parallel. */
    static void run() {
        System.out.println("warm-up (JIT, native libraries): T in {2, 3}, 1 trial, 300 outer steps");
        Experiments.linear().outerSteps(300).fineTuneSteps(1000).vary("tasks", 2, 3).trials(1)
                .progress(Progress.none()).run();
        double cpu0 = processCpuSeconds();
        LinearSweep s = Experiments.linear().vary("tasks", 2, 3, 5).trials(5).progress(Progress.none()).run();
        double cpu = processCpuSeconds() - cpu0;
        System.out.printf("reference T sweep (T in {2,3,5}, 5 trials, 3000 outer x 10 inner, 10000 fine-tuning steps), "
                        + "%d threads: %.2f s (process cpu %.2f s)  target < %.0f s: %s%n",
                Runtime.getRuntime().availableProcessors(), s.seconds(), cpu, TARGET_SECONDS,
                s.seconds() < TARGET_SECONDS ? "met" : "MISSED");
        for (int i = 0; i < s.runs().size(); i++) {
            System.out.printf("  T = %d: %.2f s%n", (int) s.values()[i], s.run(i).seconds());
        }
    }
}
