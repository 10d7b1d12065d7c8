package dev.metalora.shallow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.metalora.peft.MultiTaskModel;
import dev.metalora.peft.OptimizerSpec;
import dev.metalora.peft.TrainingLoop;
import dev.metalora.progress.Progress;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Every (method, trial) pair of a shallow comparison trained at once: retraining
 * ({@link ShallowRetraining}, LoRA-ML or SR) and then LoRA fine-tuning on the unseen task
 * ({@link ShallowFineTuning}) of M = methods x trials independent networks, by one of two
 * {@link Engine engines}. On the CPU (the default) the plain-Java engine ({@link ShallowKernel})
 * trains each network on its own thread, as many at once as there are cores; otherwise, or with
 * {@link Engine#DJL}, DJL's autodiff trains them as one {@link StackedShallowNet}. The loss minimised is the sum of the networks' own losses, so each
 * network receives exactly the gradient (and, Adam(W) being elementwise, the update) of its
 * separate run; only the order of floating-point sums inside the batched kernels differs. Each
 * trial keeps its own data and initial weights (the same as {@link ShallowRetraining#run} and
 * {@link ShallowFineTuning#run} draw from its seeds), so its curves match a separate run's to
 * float32 rounding. In the stacked network PyTorch's cost per call is paid once per step instead of
 * M times.
 *
 * <p>A network whose loss diverges stops the whole run with an {@link IllegalStateException}
 * naming the step, the method and the trial.
 */
public final class ShallowTrials {
    private ShallowTrials() {
    }

    /**
     * One trial: its task family, one retraining sample per task, the unseen task's sample, and the
     * seeds of the initial network and of the fine-tuning adapter.
     */
    public record Trial(ShallowTaskFamily family, List<ShallowSample> data, ShallowSample unseen, long initSeed,
                        long fineTuneSeed) {
        public Trial {
            data = List.copyOf(data);
        }
    }

    /** One (method, trial)'s per-epoch curves. */
    public record Curves(float[] trainLoss, float[] baseDistance, float[] fineTuneLoss, float[] cleanError)
            implements Serializable {
    }

    /**
     * Which implementation trains the networks. {@link #AUTO} (the default): {@link #JAVA} for
     * networks on the CPU, {@link #DJL} on a GPU. {@link #JAVA}: {@link ShallowKernel}, float32
     * plain-Java forward, hand-written gradients and Adam(W), the networks spread over threads.
     * {@link #DJL}: {@link StackedShallowNet} with DJL's autodiff, every network in one stacked
     * model (one thread of calls; PyTorch's intra-op threads as {@link dev.metalora.nn.NnRuntime}
     * sets them). Both compute the same iterates to float32 rounding ({@code ShallowKernelTest}).
     */
    public enum Engine {
        AUTO, JAVA, DJL;

        /** {@code "auto"}, {@code "java"} or {@code "djl"}, any case. */
        public static Engine of(String name) {
            for (Engine e : values()) {
                if (e.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return e;
                }
            }
            throw new IllegalArgumentException("engine: '" + name + "' is not an engine; allowed: auto, java, djl");
        }
    }

    /** The default number of threads of the {@link Engine#JAVA} engine: every core of this machine. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Retrains with every method and fine-tunes every result, all trials at once.
     *
     * @param methods    retraining methods, all with the same epochs and optimiser (LoRA-ML ones with the same rank)
     * @param fineTuning the fine-tuning of every retrained network
     * @param manager    owns the networks while they train (everything is freed before returning)
     * @param progress   advanced by one per step: retraining epochs, then fine-tuning epochs
     * @return curves by method, then trial
     */
    public static List<List<Curves>> run(List<ShallowRetraining> methods, ShallowFineTuning fineTuning,
                                         List<Trial> trials, NDManager manager, Progress progress) {
        return run(methods, fineTuning, trials, manager, progress, Engine.AUTO, defaultThreads());
    }

    /**
     * {@link #run(List, ShallowFineTuning, List, NDManager, Progress)} with the given engine and, for
     * {@link Engine#JAVA}, at most {@code threads} networks training at once (one per thread).
     *
     * @param manager the DJL engine's manager (its device decides {@link Engine#AUTO}; the Java engine
     *                allocates nothing in it, and may be given null)
     */
    public static List<List<Curves>> run(List<ShallowRetraining> methods, ShallowFineTuning fineTuning,
                                         List<Trial> trials, NDManager manager, Progress progress, Engine engine,
                                         int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: must be >= 1, got " + threads);
        }
        Engine e = engine == null ? Engine.AUTO : engine;
        if (e == Engine.AUTO) {
            e = manager == null || !manager.getDevice().isGpu() ? Engine.JAVA : Engine.DJL;
        }
        if (e == Engine.JAVA) {
            return JavaShallowTrials.run(methods, fineTuning, trials, progress == null ? Progress.none() : progress,
                    threads);
        }
        if (manager == null) {
            throw new IllegalArgumentException("manager: the DJL engine needs one, got null");
        }
        return runDjl(methods, fineTuning, trials, manager, progress == null ? Progress.none() : progress);
    }

    private static List<List<Curves>> runDjl(List<ShallowRetraining> methods, ShallowFineTuning fineTuning,
                                             List<Trial> trials, NDManager manager, Progress progress) {
        Shapes z = Shapes.of(methods, trials);
        ShallowRetraining first = methods.get(0);
        int r = trials.size();
        int m = methods.size() * r;
        float[][] loss = new float[m][], distance = new float[m][], ftLoss = new float[m][], error = new float[m][];
        float[] base;
        float[] output;
        List<ShallowLive.Curves> live = ShallowLive.firstTrials(methods, z.d, z.tasks);
        try (NDManager scope = manager.newSubManager()) {
            float[] w = new float[m * z.d * z.d], c = new float[m * z.d], down = new float[m * z.tasks * z.rank * z.d];
            float[] x = new float[m * z.tasks * z.n * z.d], y = new float[m * z.tasks * z.n], aStar = new float[m * z.d * z.d];
            for (int k = 0; k < methods.size(); k++) {
                boolean lora = methods.get(k).method() == ShallowRetraining.Method.LORA_ML;
                for (int i = 0; i < r; i++) {
                    int model = k * r + i;
                    Trial t = trials.get(i);
                    try (NDManager init = scope.newSubManager()) {
                        MultiTaskModel single = ShallowNet.create(z.d, lora ? z.tasks : 0, z.rank, t.initSeed(), init);
                        put(w, model, ShallowNet.hidden(single).weight().getArray().toFloatArray());
                        put(c, model, single.loraLayers().get(1).weight().getArray().toFloatArray());
                        if (lora) {
                            put(down, model, ShallowNet.hidden(single).down().getArray().toFloatArray());
                        } // else zero adapters: the network trains as in standard retraining
                    }
                    put(aStar, model, ShallowRetraining.flat(t.family().aStar()));
                    for (int task = 0; task < z.tasks; task++) {
                        putColumns(x, model * z.tasks + task, t.data().get(task).x(), z.n, z.d);
                        System.arraycopy(t.data().get(task).y(), 0, y, (model * z.tasks + task) * z.n, z.n);
                    }
                }
            }
            var net = new StackedShallowNet(m, z.d, z.tasks, z.rank, w, c, down, new float[down.length]);
            MultiTaskModel model = MultiTaskModel.create(net, scope, new Shape(m, z.tasks, z.d, z.n));
            NDArray xs = scope.create(x, new Shape(m, z.tasks, z.d, z.n));
            NDArray ys = scope.create(y, new Shape(m, z.tasks, 1, z.n));
            NDArray target = scope.create(aStar, new Shape(m, z.d, z.d));
            float[][] current = new float[1][];
            // Per network: sum_t (1/N) ||f_t(X_t) - Y_t||^2, the tasks' mean squared errors, summed.
            TrainingLoop.Objective objective = (ps, step) -> {
                NDArray perModel = model.forward(ps, xs, true).sub(ys).square().sum(new int[] {1, 2, 3}).div(z.n);
                current[0] = checked(perModel.toFloatArray(), step, methods, r, "", first.optimizer());
                return perModel.sum();
            };
            record(loss, first.epochs());
            record(distance, first.epochs());
            new TrainingLoop(first.optimizer(), first.epochs(), label(methods, ""), progress)
                    .run(model, new NDList(xs, ys, target), objective, (step, l) -> {
                        float[] dist = net.weight().getArray().sub(target).square().sum(new int[] {1, 2}).sqrt()
                                .toFloatArray();
                        for (int j = 0; j < m; j++) {
                            loss[j][step] = current[0][j];
                            distance[j][step] = dist[j];
                        }
                        for (int k = 0; k < live.size(); k++) {
                            live.get(k).retrained(step, current[0][k * r]);
                        }
                    });
            base = net.weight().getArray().toFloatArray();
            output = net.output().getArray().toFloatArray();
        }
        try (NDManager scope = manager.newSubManager()) {
            int rank = fineTuning.rank();
            int n = z.unseen;
            float[] down = new float[m * rank * z.d];
            float[] x = new float[m * n * z.d], y = new float[m * n], clean = new float[m * n];
            for (int i = 0; i < r; i++) {
                Trial t = trials.get(i);
                float[] adapter;
                try (NDManager init = scope.newSubManager()) {
                    MultiTaskModel single = MultiTaskModel.create(ShallowNet.block(z.d, 1, rank, t.fineTuneSeed()), init,
                            new Shape(1, z.d));
                    adapter = ShallowNet.hidden(single).down().getArray().toFloatArray();
                }
                for (int k = 0; k < methods.size(); k++) {
                    int model = k * r + i;
                    put(down, model, adapter);
                    putColumns(x, model, t.unseen().x(), n, z.d);
                    put(y, model, t.unseen().y());
                    put(clean, model, t.unseen().clean());
                }
            }
            var net = new StackedShallowNet(m, z.d, 1, rank, base, output, down, new float[down.length]);
            MultiTaskModel model = MultiTaskModel.create(net, scope, new Shape(m, 1, z.d, n)).freezeBase();
            NDArray xs = scope.create(x, new Shape(m, 1, z.d, n));
            NDArray ys = scope.create(y, new Shape(m, 1, 1, n));
            NDArray cs = scope.create(clean, new Shape(m, 1, 1, n));
            ParameterStore eval = new ParameterStore(scope, false);
            float[][] current = new float[1][];
            TrainingLoop.Objective objective = (ps, step) -> {
                NDArray perModel = model.forward(ps, xs, true).sub(ys).square().sum(new int[] {1, 2, 3}).div(n);
                current[0] = checked(perModel.toFloatArray(), step, methods, r, "fine-tuning after ",
                        fineTuning.optimizer());
                return perModel.sum();
            };
            record(ftLoss, fineTuning.epochs());
            record(error, fineTuning.epochs());
            new TrainingLoop(fineTuning.optimizer(), fineTuning.epochs(), label(methods, "fine-tuning after "), progress)
                    .run(model, new NDList(xs, ys, cs), objective, (step, l) -> {
                        float[] e = model.forward(eval, xs, false).sub(cs).square().sum(new int[] {1, 2, 3}).div(n)
                                .toFloatArray();
                        for (int j = 0; j < m; j++) {
                            ftLoss[j][step] = current[0][j];
                            error[j][step] = e[j];
                        }
                        for (int k = 0; k < live.size(); k++) {
                            live.get(k).fineTuned(step, e[k * r]);
                        }
                    });
        }
        List<Curves> all = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            all.add(new Curves(loss[j], distance[j], ftLoss[j], error[j]));
        }
        return byMethod(all, methods.size(), r);
    }

    /** Network {@code k * trials + i} is method k's trial i. */
    static List<List<Curves>> byMethod(List<Curves> networks, int methods, int trials) {
        List<List<Curves>> out = new ArrayList<>();
        for (int k = 0; k < methods; k++) {
            out.add(List.copyOf(networks.subList(k * trials, (k + 1) * trials)));
        }
        return List.copyOf(out);
    }

    /** The sizes every trial and method must share to be stacked. */
    record Shapes(int d, int tasks, int n, int unseen, int rank) {
        static Shapes of(List<ShallowRetraining> methods, List<Trial> trials) {
            if (methods == null || methods.isEmpty()) {
                throw new IllegalArgumentException("methods: at least one retraining method needed, got " + methods);
            }
            if (trials == null || trials.isEmpty()) {
                throw new IllegalArgumentException("trials: at least one trial needed, got " + trials);
            }
            ShallowRetraining first = methods.get(0);
            Integer rank = null;
            for (ShallowRetraining m : methods) {
                if (m.epochs() != first.epochs() || !m.optimizer().equals(first.optimizer())) {
                    throw new IllegalArgumentException("methods: all need the same epochs and optimiser to train together, got "
                            + first + " and " + m);
                }
                if (m.method() == ShallowRetraining.Method.LORA_ML) {
                    if (rank != null && rank != m.rank()) {
                        throw new IllegalArgumentException("methods: LoRA-ML methods need the same rank, got " + rank
                                + " and " + m.rank());
                    }
                    rank = m.rank();
                }
            }
            ShallowTaskFamily f = trials.get(0).family();
            Shapes s = new Shapes(f.dim(), f.tasks(), trials.get(0).data().get(0).n(), trials.get(0).unseen().n(),
                    rank == null ? 1 : rank);
            for (int i = 0; i < trials.size(); i++) {
                Trial t = trials.get(i);
                if (t.family().dim() != s.d || t.family().tasks() != s.tasks || t.data().size() != s.tasks
                        || t.unseen().n() != s.unseen || t.unseen().dim() != s.d) {
                    throw new IllegalArgumentException("trials: all need dimension " + s.d + ", " + s.tasks
                            + " tasks with one sample each and " + s.unseen + " unseen samples; trial " + i + " differs");
                }
                for (ShallowSample sample : t.data()) {
                    if (sample.n() != s.n || sample.dim() != s.d) {
                        throw new IllegalArgumentException("trials: every task needs " + s.n + " samples of dimension "
                                + s.d + ", trial " + i + " has " + sample.n() + " of " + sample.dim());
                    }
                }
            }
            return s;
        }
    }

    private static void record(float[][] curves, int epochs) {
        for (int j = 0; j < curves.length; j++) {
            curves[j] = new float[epochs];
        }
    }

    static void put(float[] stacked, int model, float[] values) {
        System.arraycopy(values, 0, stacked, model * values.length, values.length);
    }

    /** Writes the n x d row-major {@code rows} as block {@code block} of d x n (samples as columns). */
    static void putColumns(float[] stacked, int block, float[] rows, int n, int d) {
        int offset = block * n * d;
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < d; j++) {
                stacked[offset + j * n + s] = rows[s * d + j];
            }
        }
    }

    static String label(List<ShallowRetraining> methods, String prefix) {
        return prefix + String.join(" and ", methods.stream().map(m -> m.method().label()).toList());
    }

    /** The per-network losses, or a divergence naming the step, the method and the trial. */
    private static float[] checked(float[] losses, int step, List<ShallowRetraining> methods, int trials,
                                   String prefix, OptimizerSpec optimizer) {
        for (int j = 0; j < losses.length; j++) {
            checked(losses[j], step, methods.get(j / trials), j % trials, prefix, optimizer);
        }
        return losses;
    }

    /** The loss of method {@code method}'s trial {@code trial}, or a divergence naming the step, the method and the trial. */
    static float checked(float loss, int step, ShallowRetraining method, int trial, String prefix,
                         OptimizerSpec optimizer) {
        if (!Float.isFinite(loss) || loss > TrainingLoop.DIVERGENCE_LIMIT) {
            throw new IllegalStateException(prefix + method.method().label() + " diverged at step " + step + " (trial "
                    + trial + ", loss " + loss + "); try a learning rate smaller than " + optimizer.lr());
        }
        return loss;
    }
}
