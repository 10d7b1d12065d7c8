package dev.metalora.shallow;

import dev.metalora.progress.Progress;
import dev.metalora.runner.Job;
import dev.metalora.runner.Runner;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * {@link ShallowTrials.Engine#JAVA}: each (method, trial) network retrained and then fine-tuned by
 * its own {@link ShallowKernel}, start to finish on one thread; the networks are spread over a
 * local pool of {@code threads} threads ({@link Runner#local(int)}). The networks share nothing
 * (each has its own data, initial weights and optimiser state), so the order in which they run
 * changes no value. The initial weights are {@link ShallowNet#initial}, the values DJL's path
 * starts from.
 */
final class JavaShallowTrials {
    private JavaShallowTrials() {
    }

    static List<List<ShallowTrials.Curves>> run(List<ShallowRetraining> methods, ShallowFineTuning fineTuning,
                                                List<ShallowTrials.Trial> trials, Progress progress, int threads) {
        ShallowTrials.Shapes z = ShallowTrials.Shapes.of(methods, trials);
        int networks = methods.size() * trials.size();
        var job = new NetworkJob(methods, fineTuning, trials, z, new Ticks(progress, networks));
        List<Integer> ids = IntStream.range(0, networks).boxed().toList();
        List<ShallowTrials.Curves> curves = Runner.local(Math.min(threads, networks))
                .run(ShallowTrials.label(methods, ""), ids, job, Progress.none());
        return ShallowTrials.byMethod(curves, methods.size(), trials.size());
    }

    /**
     * The caller's progress advanced by one when every network has taken one more step (it counts
     * retraining, then fine-tuning epochs, as the DJL path does).
     */
    private static final class Ticks {
        private final Progress progress;
        private final int networks;
        private final AtomicLong steps = new AtomicLong();

        Ticks(Progress progress, int networks) {
            this.progress = progress;
            this.networks = networks;
        }

        void step() {
            if (steps.incrementAndGet() % networks == 0) {
                synchronized (this) {
                    progress.step(1);
                }
            }
        }
    }

    /**
     * Trains network {@code k * trials + i} (method k, trial i). In-process only: it holds the
     * comparison's data, which the local pool shares between its threads.
     */
    private static final class NetworkJob implements Job<Integer, ShallowTrials.Curves> {
        private final transient List<ShallowRetraining> methods;
        private final transient ShallowFineTuning fineTuning;
        private final transient List<ShallowTrials.Trial> trials;
        private final transient ShallowTrials.Shapes z;
        private final transient Ticks ticks;

        NetworkJob(List<ShallowRetraining> methods, ShallowFineTuning fineTuning, List<ShallowTrials.Trial> trials,
                   ShallowTrials.Shapes z, Ticks ticks) {
            this.methods = methods;
            this.fineTuning = fineTuning;
            this.trials = trials;
            this.z = z;
            this.ticks = ticks;
        }

        @Override
        public ShallowTrials.Curves run(Integer network, Progress ignored) {
            int k = network / trials.size(), i = network % trials.size();
            ShallowRetraining method = methods.get(k);
            ShallowTrials.Trial trial = trials.get(i);
            boolean lora = method.method() == ShallowRetraining.Method.LORA_ML;
            int rank = lora ? z.rank() : 0;
            int d = z.d(), tasks = z.tasks(), n = z.n();
            ShallowNet.Initial init = ShallowNet.initial(d, lora ? tasks : 0, z.rank(), trial.initSeed());
            float[] x = new float[tasks * d * n], y = new float[tasks * n];
            for (int t = 0; t < tasks; t++) {
                ShallowTrials.putColumns(x, t, trial.data().get(t).x(), n, d);
                System.arraycopy(trial.data().get(t).y(), 0, y, t * n, n);
            }
            float[] aStar = ShallowRetraining.flat(trial.family().aStar());
            var net = new ShallowKernel(d, tasks, rank, n, init.weight(), init.output(), lora ? init.down() : new float[0],
                    new float[lora ? tasks * d * rank : 0], x, y, method.optimizer(), false);
            String label = method.method().label();
            ShallowLive.Curves live = ShallowLive.curves(method, i, d, tasks);
            float[] loss = new float[method.epochs()], distance = new float[method.epochs()];
            for (int s = 0; s < method.epochs(); s++) {
                Progress.checkInterrupted(label);
                loss[s] = ShallowTrials.checked((float) net.step(s), s, method, i, "", method.optimizer());
                distance[s] = (float) net.distance(aStar);
                live.retrained(s, loss[s]);
                ticks.step();
            }
            int u = z.unseen(), r = fineTuning.rank();
            ShallowSample unseen = trial.unseen();
            float[] xu = new float[d * u];
            ShallowTrials.putColumns(xu, 0, unseen.x(), u, d);
            float[] adapter = ShallowNet.initial(d, 1, r, trial.fineTuneSeed()).down();
            var tuned = new ShallowKernel(d, 1, r, u, net.w, net.c, adapter, new float[d * r], xu, unseen.y(),
                    fineTuning.optimizer(), true);
            float[][][] clean = ShallowKernel.blocks(unseen.clean(), 1, u);
            float[] ftLoss = new float[fineTuning.epochs()], error = new float[fineTuning.epochs()];
            for (int s = 0; s < fineTuning.epochs(); s++) {
                Progress.checkInterrupted("fine-tuning after " + label);
                ftLoss[s] = ShallowTrials.checked((float) tuned.step(s), s, method, i, "fine-tuning after ",
                        fineTuning.optimizer());
                error[s] = (float) tuned.loss(clean);
                live.fineTuned(s, error[s]);
                ticks.step();
            }
            return new ShallowTrials.Curves(loss, distance, ftLoss, error);
        }
    }
}
