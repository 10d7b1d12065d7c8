package dev.metalora;

import dev.metalora.linear.LinearComparison;
import dev.metalora.linear.LinearSweep;
import dev.metalora.plot.Charts;
import dev.metalora.progress.Progress;

import java.nio.file.Path;

/**
 * Command-line entry of environment/run: {@code run --out DIR} runs the headline linear comparison
 * (reference protocol, 5 trials) and writes {@code DIR/results/linear-headline.json} and
 * {@code DIR/figures/linear-headline.png} (its {@link LinearComparison#plot()}); then the reference
 * sweep over the number of tasks T in {2, 3, 5} (5 trials each) to
 * {@code DIR/results/linear-vary-tasks.json} (and {@code .csv}) and
 * {@code DIR/figures/linear-vary-tasks.png} (its {@link LinearSweep#plot()}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length != 3 || !args[0].equals("run") || !args[1].equals("--out")) {
            throw new IllegalArgumentException("arguments: expected 'run --out DIR', got " + java.util.Arrays.toString(args));
        }
        Path out = Path.of(args[2]);
        LinearComparison r = Experiments.linear().progress(Progress.auto()).run();
        Path json = r.save(out.resolve("results/linear-headline.json"));
        Path png = Charts.savePng(r.plot(), out.resolve("figures/linear-headline.png"));
        System.out.println(r.summary());
        System.out.println("wrote " + json + "\nwrote " + png);

        LinearSweep tasks = Experiments.linear().vary("tasks", 2, 3, 5).trials(5).run();
        Path sweepJson = tasks.save(out.resolve("results/linear-vary-tasks.json"));
        Path sweepCsv = tasks.toCsv(out.resolve("results/linear-vary-tasks.csv"));
        Path sweepPng = tasks.plot().savePng(out.resolve("figures/linear-vary-tasks.png"));
        System.out.println(tasks.summary());
        System.out.println("wrote " + sweepJson + "\nwrote " + sweepCsv + "\nwrote " + sweepPng);
    }
}
