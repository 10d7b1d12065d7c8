package dev.metalora.custom;

import ai.djl.ndarray.NDManager;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The classic meta-learning benchmark (Finn et al. 2017, MAML, section 5.1): regression of
 * {@code y = a sin(x - phi)} with the amplitude {@code a} uniform in [{@value #MIN_AMPLITUDE},
 * {@value #MAX_AMPLITUDE}], the phase {@code phi} uniform in [0, pi], and {@code x} uniform in
 * [{@value #MIN_X}, {@value #MAX_X}]. Each trial draws {@code tasks} retraining waves with
 * {@code samples} training and {@code testSamples} held-out points each, and {@code unseenTasks}
 * new waves with {@code shots} (MAML's K) fine-tuning points and {@code testSamples} test points.
 * Every draw comes from the seed: the same seed gives the same tasks.
 *
 * @param tasks       retraining tasks T (at least 2)
 * @param unseenTasks unseen tasks to fine-tune on (at least 1)
 * @param samples     training points per retraining task
 * @param shots       fine-tuning points K per unseen task
 * @param testSamples held-out points per task
 */
public record SineWaves(int tasks, int unseenTasks, int samples, int shots, int testSamples)
        implements TaskFamily, Serializable {
    public static final double MIN_AMPLITUDE = 0.1, MAX_AMPLITUDE = 5.0;
    public static final double MIN_PHASE = 0.0, MAX_PHASE = Math.PI;
    public static final double MIN_X = -5.0, MAX_X = 5.0;
    private static final long WAVES = 0x5A17E5L, POINTS = 0x9017E5L;

    /** One task: {@code y = amplitude sin(x - phase)}. */
    public record Wave(double amplitude, double phase) implements Serializable {
        public double at(double x) {
            return amplitude * Math.sin(x - phase);
        }
    }

    public SineWaves {
        atLeast("tasks", tasks, 2);
        atLeast("unseenTasks", unseenTasks, 1);
        atLeast("samples", samples, 1);
        atLeast("shots", shots, 1);
        atLeast("testSamples", testSamples, 1);
    }

    /**
     * MAML's K = 10 shots per unseen task, with 10 retraining tasks of 100 points each, 100 test
     * points per task, one unseen task.
     */
    public static SineWaves maml() {
        return new SineWaves(10, 1, 100, 10, 100);
    }

    public SineWaves withTasks(int t) {
        return new SineWaves(t, unseenTasks, samples, shots, testSamples);
    }

    public SineWaves withUnseenTasks(int u) {
        return new SineWaves(tasks, u, samples, shots, testSamples);
    }

    public SineWaves withSamples(int n) {
        return new SineWaves(tasks, unseenTasks, n, shots, testSamples);
    }

    public SineWaves withShots(int k) {
        return new SineWaves(tasks, unseenTasks, samples, k, testSamples);
    }

    public SineWaves withTestSamples(int n) {
        return new SineWaves(tasks, unseenTasks, samples, shots, n);
    }

    /** The waves of a trial: the {@code tasks} retraining waves, then the {@code unseenTasks} unseen ones. */
    public List<Wave> waves(long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ WAVES);
        List<Wave> out = new ArrayList<>();
        for (int i = 0; i < tasks + unseenTasks; i++) {
            out.add(new Wave(rng.nextDouble(MIN_AMPLITUDE, MAX_AMPLITUDE), rng.nextDouble(MIN_PHASE, MAX_PHASE)));
        }
        return out;
    }

    @Override
    public Tasks sample(long seed, NDManager manager) {
        List<Wave> waves = waves(seed);
        // Points from a stream of their own: changing a size never changes the waves.
        SplittableRandom rng = new SplittableRandom(seed ^ POINTS);
        List<TaskData> retraining = new ArrayList<>();
        List<TaskData> unseen = new ArrayList<>();
        for (int i = 0; i < waves.size(); i++) {
            boolean isUnseen = i >= tasks;
            Wave w = waves.get(i);
            float[][] x = points(rng, isUnseen ? shots : samples);
            float[][] testX = points(rng, testSamples);
            TaskData d = TaskData.of(manager, x, values(w, x), testX, values(w, testX));
            (isUnseen ? unseen : retraining).add(d);
        }
        return new Tasks(retraining, unseen);
    }

    private static float[][] points(SplittableRandom rng, int n) {
        float[][] x = new float[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = (float) rng.nextDouble(MIN_X, MAX_X);
        }
        return x;
    }

    private static float[][] values(Wave w, float[][] x) {
        float[][] y = new float[x.length][1];
        for (int i = 0; i < x.length; i++) {
            y[i][0] = (float) w.at(x[i][0]);
        }
        return y;
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + ": " + value + " must be at least " + min);
        }
    }
}
