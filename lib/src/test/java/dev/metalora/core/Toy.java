package dev.metalora.core;

import dev.metalora.progress.Progress;
import dev.metalora.results.Stat;
import dev.metalora.runner.Job;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A setting of a few lines on the core alone, as a new setting would be: per trial, the mean of
 * {@code samples} uniform draws times {@code scale}, for two "methods" (scale and twice scale).
 */
final class Toy {
    private Toy() {
    }

    record Config(int samples, double scale, int trials, long seed) implements dev.metalora.core.Config {
        Config {
            if (samples < 1) {
                throw new IllegalArgumentException("samples: must be >= 1, got " + samples);
            }
        }

        @Override
        public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
            return dev.metalora.results.Json.object().put("samples", samples).put("scale", scale)
                    .put("trials", trials).put("seed", seed);
        }
    }

    record Method(Stat value) implements MethodResult {
        @Override
        public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
            return dev.metalora.results.Json.object().set("value", dev.metalora.results.Json.stat(value));
        }
    }

    record Result(Config config, Method loraMl, Method standard, double seconds) implements MethodPair<Config, Method> {
        @Override
        public String caption() {
            return "toy";
        }

        @Override
        public List<Column<Method>> columns() {
            return List.of(new Column<>("value", Method::value));
        }
    }

    /** A trial's value: drawn from the seed and the trial's index only. */
    static double trial(Config c, int trial, double factor) {
        SplittableRandom rng = new SplittableRandom(c.seed() * 1_000_003L + trial);
        return factor * c.scale() * IntStream.range(0, c.samples()).mapToDouble(i -> rng.nextDouble()).average().orElseThrow();
    }

    static final class ChunkJob implements Job<TrialChunk<Config>, Result> {
        @Override
        public Result run(TrialChunk<Config> chunk, Progress progress) {
            Config c = chunk.config();
            double[] a = IntStream.range(chunk.first(), chunk.first() + chunk.count()).mapToDouble(t -> trial(c, t, 1)).toArray();
            double[] b = IntStream.range(chunk.first(), chunk.first() + chunk.count()).mapToDouble(t -> trial(c, t, 2)).toArray();
            return new Result(c, new Method(Stat.of(a)), new Method(Stat.of(b)), 0);
        }
    }

    static final class Experiment extends dev.metalora.core.Experiment<Experiment, Config, Result> {
        static final Parameters<Experiment, Config> PARAMETERS = Parameters.of(Experiment.class, Config.class,
                "samples", "samples per trial m", "scale", "scale s");
        private int samples = 10;
        private double scale = 1;
        private int trials = 4;
        private long seed = 1;

        public Experiment samples(int m) {
            samples = m;
            return this;
        }

        public Experiment scale(double s) {
            scale = s;
            return this;
        }

        @Override
        public Experiment trials(int n) {
            trials = n;
            return this;
        }

        @Override
        public Experiment seed(long s) {
            seed = s;
            return this;
        }

        @Override
        public Config config() {
            return new Config(samples, scale, trials, seed);
        }

        @Override
        protected JobPlan<Config, ?, ?, Result> plan() {
            return JobPlan.trials("toy", c -> "toy", Config::trials, new ChunkJob(), (c, parts) -> new Result(c,
                    new Method(Stat.of(values(parts, Result::loraMl))), new Method(Stat.of(values(parts, Result::standard))), 0));
        }

        private static double[] values(List<Result> parts, java.util.function.Function<Result, Method> method) {
            return parts.stream().flatMapToDouble(p -> java.util.Arrays.stream(method.apply(p).value().values())).toArray();
        }

        public Sweep vary(String parameter, Number... values) {
            return new Sweep(this, parameter, values);
        }
    }

    static final class Sweep extends SweepExperiment<Sweep, Experiment, Config, Result, Swept> {
        Sweep(Experiment base, String parameter, Number... values) {
            super(base, Experiment.PARAMETERS, parameter, values, Swept::new);
        }
    }

    static final class Swept extends dev.metalora.core.Sweep<Config, Method, Result> {
        Swept(Parameter<Experiment, Config> p, List<Result> runs, double seconds) {
            super(p, runs, seconds);
        }

        @Override
        protected String caption() {
            return "toy sweep";
        }

        @Override
        protected List<Column<Method>> methodColumns() {
            return List.of(new Column<>("value", Method::value));
        }

        @Override
        protected List<Column<Method>> csvColumns() {
            return List.of(new Column<>("value", Method::value));
        }

        @Override
        protected java.util.Map<String, org.knowm.xchart.XYChart> figures() {
            return java.util.Map.of("values", dev.metalora.plot.Figure.titled("toy").axes("x", "y")
                    .points("LoRA-ML", values(), runs().stream().mapToDouble(r -> r.loraMl().value().mean()).toArray())
                    .build());
        }
    }
}
