package dev.metalora.language;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.metalora.nn.Devices;
import dev.metalora.nn.NnRuntime;
import dev.metalora.peft.FineTuneMethod;
import dev.metalora.peft.FineTuned;
import dev.metalora.peft.FineTuning;
import dev.metalora.peft.LastLayerConfig;
import dev.metalora.peft.LoraConfig;
import dev.metalora.peft.ModelFactory;
import dev.metalora.peft.OptimizerSpec;
import dev.metalora.peft.RetrainMethod;
import dev.metalora.peft.Retrained;
import dev.metalora.peft.Retraining;
import dev.metalora.plot.Charts;
import dev.metalora.progress.Progress;
import dev.metalora.progress.ProgressSelection;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * The language protocol (PAPER.md, "Language setting"): a pretrained transformer encoder with a
 * 2-way head scores (context, candidate) pairs; it is retrained on 10 tasks with SR, LoRA-ML,
 * last-layer-ML and Reptile, then fine-tuned on 10 unseen tasks with LoRA and last-layer
 * fine-tuning; the result reports hits@1 before fine-tuning, at the last and at the best epoch,
 * per unseen task and averaged, mean and standard error over seeds.
 *
 * <p>What runs here: the encoder is all-MiniLM-L6-v2 (a Maven dependency), the tasks are categories
 * of Debian's fortunes ({@link Fortunes}), standing in for RoBERTa-base and ConvAI2, which cannot be
 * fetched on these machines; {@link #roberta(Path)} and {@link #convai2(Path)} run the reference
 * model and data where a user brings them.
 *
 * <p>The default is CPU-sized (a few minutes on 2 cores): the first 2 of MiniLM's 6 layers, pairs
 * of at most 32 tokens, 4 candidates instead of 20 (chance 0.25), 6 training and 6 held-out examples
 * per task, batches of 3 contexts, 2 retraining and 2 fine-tuning epochs, Reptile with 2 inner
 * steps, one seed. {@link #reference()} gives the paper's sizes (GPU). The embedding table is
 * restricted to the tokens the tasks use (the outputs are the same; far fewer rows to update).
 */
public final class LanguageExperiment {
    private String encoder = "minilm";
    private Path modelDir;
    private String corpus = "fortunes";
    private Path corpusDir;
    private int layers = 2;
    private int maxTokens = 32;
    private int retrainTasks = 10;
    private int fineTuneTasks = 10;
    private int candidates = 4;
    private int trainExamples = 6;
    private int heldOutExamples = 6;
    private double heldOutFraction = 0.2;
    private int contexts = 3;
    private int epochs = 2;
    private int fineTuneEpochs = 2;
    private double lr = 5e-5;
    private double fineTuneLr = 1e-4;
    private int rank = 8;
    private int fineTuneRank = 8;
    private int innerSteps = 2;
    private double outerLr = 1e-4;
    private List<RetrainMethod> methods = List.of(RetrainMethod.values());
    private List<FineTuneMethod> fineTunes = List.of(FineTuneMethod.values());
    private List<Long> seeds = List.of(0L);
    private int threads = Runtime.getRuntime().availableProcessors();
    private String device = "cpu";
    private Progress progress;

    /** The classification head (dense and out-projection): one per task under LoRA-ML and last-layer-ML. */
    public static final LastLayerConfig HEADS = LastLayerConfig.targets("classifier\\..*");

    /**
     * LoRA as the reference: rank 8, alpha 16, dropout 0.1 on every encoder linear layer (and, in
     * LoRA fine-tuning, on the head's dense layer, whose out-projection is trained afresh).
     */
    public static LoraConfig referenceLora() {
        return lora(8);
    }

    static LoraConfig lora(int rank) {
        return LoraConfig.rank(rank).alpha(2.0 * rank).dropout(0.1).targets("encoder\\..*", "classifier\\.dense");
    }

    /** The paper's sizes: every layer, 20 candidates, every example, batches of 8, 10 epochs, 20 Reptile steps, 5 seeds (GPU). */
    public LanguageExperiment reference() {
        layers = Integer.MAX_VALUE;
        maxTokens = Integer.MAX_VALUE;
        candidates = 20;
        trainExamples = Integer.MAX_VALUE;
        heldOutExamples = Integer.MAX_VALUE;
        contexts = 8;
        epochs = 10;
        fineTuneEpochs = 10;
        innerSteps = 20;
        seeds = List.of(0L, 1L, 2L, 3L, 4L);
        return this;
    }

    /** A smoke-test size (well under a minute): 1 layer, 3 + 3 tasks, 4 candidates, 4 examples, 1 epoch. */
    public LanguageExperiment quick() {
        layers = 1;
        maxTokens = 32;
        retrainTasks = 3;
        fineTuneTasks = 3;
        candidates = 4;
        trainExamples = 4;
        heldOutExamples = 4;
        contexts = 2;
        epochs = 1;
        fineTuneEpochs = 1;
        innerSteps = 1;
        return this;
    }

    /** User-brought roberta-base: a folder with {@code model.safetensors} and {@code tokenizer.json} (Hugging Face). */
    public LanguageExperiment roberta(Path dir) {
        encoder = "roberta";
        modelDir = dir;
        return this;
    }

    /** User-brought ConvAI2: a folder with the "self original" files and the persona maps ({@link ConvAI2}). */
    public LanguageExperiment convai2(Path dir) {
        corpus = "convai2";
        corpusDir = dir;
        return this;
    }

    /** Debian's fortunes from another folder. */
    public LanguageExperiment fortunes(Path dir) {
        corpus = "fortunes";
        corpusDir = dir;
        return this;
    }

    public LanguageExperiment layers(int n) {
        layers = atLeast("layers", n, 1);
        return this;
    }

    public LanguageExperiment maxTokens(int n) {
        maxTokens = atLeast("maxTokens", n, 8);
        return this;
    }

    public LanguageExperiment tasks(int retrain, int fineTune) {
        retrainTasks = atLeast("retrain", retrain, 2);
        fineTuneTasks = atLeast("fineTune", fineTune, 1);
        return this;
    }

    public LanguageExperiment candidates(int n) {
        candidates = atLeast("candidates", n, 2);
        return this;
    }

    /** Training and held-out examples per task (at most). */
    public LanguageExperiment examples(int train, int heldOut) {
        trainExamples = atLeast("train", train, 1);
        heldOutExamples = atLeast("heldOut", heldOut, 1);
        return this;
    }

    public LanguageExperiment heldOutFraction(double f) {
        if (!(f > 0 && f < 1)) {
            throw new IllegalArgumentException("heldOutFraction: must be in (0, 1), got " + f);
        }
        heldOutFraction = f;
        return this;
    }

    /** Contexts per batch (each with all its candidates). */
    public LanguageExperiment batch(int contexts) {
        this.contexts = atLeast("contexts", contexts, 1);
        return this;
    }

    public LanguageExperiment epochs(int e) {
        epochs = atLeast("epochs", e, 1);
        return this;
    }

    public LanguageExperiment fineTuneEpochs(int e) {
        fineTuneEpochs = atLeast("fineTuneEpochs", e, 1);
        return this;
    }

    public LanguageExperiment lr(double v) {
        lr = positive("lr", v);
        return this;
    }

    public LanguageExperiment fineTuneLr(double v) {
        fineTuneLr = positive("fineTuneLr", v);
        return this;
    }

    public LanguageExperiment rank(int r) {
        rank = atLeast("rank", r, 1);
        return this;
    }

    public LanguageExperiment fineTuneRank(int r) {
        fineTuneRank = atLeast("fineTuneRank", r, 1);
        return this;
    }

    public LanguageExperiment reptile(int innerSteps, double outerLr) {
        this.innerSteps = atLeast("innerSteps", innerSteps, 1);
        this.outerLr = positive("outerLr", outerLr);
        return this;
    }

    /** Retraining methods by id: standard, lora-ml, last-layer-ml, reptile. */
    public LanguageExperiment methods(String... ids) {
        methods = Arrays.stream(ids).map(RetrainMethod::of).toList();
        return this;
    }

    /** Fine-tuning methods by id: lora, last-layer. */
    public LanguageExperiment fineTunes(String... ids) {
        fineTunes = Arrays.stream(ids).map(FineTuneMethod::of).toList();
        return this;
    }

    public LanguageExperiment seeds(long... s) {
        if (s.length == 0) {
            throw new IllegalArgumentException("seeds: at least one seed, got none");
        }
        seeds = Arrays.stream(s).boxed().toList();
        return this;
    }

    /** Seeds 0..n-1. */
    public LanguageExperiment seeds(int n) {
        return seeds(LongStream.range(0, atLeast("seeds", n, 1)).toArray());
    }

    /**
     * PyTorch intra-op threads (default one per core: one training loop at a time per JVM, so the
     * cores go to its operations).
     */
    public LanguageExperiment threads(int n) {
        threads = atLeast("threads", n, 1);
        return this;
    }

    /**
     * {@code "cpu"} (default) or {@code "gpu"} / {@code "gpu:N"}: a GPU that is not usable here fails
     * now, saying how to enable one (the {@code -Pcuda} profile); the run never falls back to the CPU.
     */
    public LanguageExperiment device(String name) {
        Devices.pytorch(name);
        this.device = Devices.canonical(name);
        return this;
    }

    public LanguageExperiment progress(Progress p) {
        progress = p;
        return this;
    }

    public LanguageConfig config() {
        return new LanguageConfig(encoder, modelDir, corpus, corpusDir, layers, maxTokens, retrainTasks, fineTuneTasks,
                candidates, trainExamples, heldOutExamples, heldOutFraction, contexts, epochs, fineTuneEpochs, lr,
                fineTuneLr, rank, fineTuneRank, innerSteps, outerLr, methods, fineTunes, seeds, threads, device);
    }

    public LanguageComparison run() {
        return run(config(), progress != null ? progress : ProgressSelection.auto());
    }

    /** The pretrained encoder of a config: its shape (layers kept), weights and tokenizer. */
    record Encoder(EncoderConfig config, PretrainedWeights weights, TextEncoder tokenizer) {
    }

    static Encoder encoder(LanguageConfig c, NDManager manager) {
        if (c.encoder().equals("roberta")) {
            RobertaFiles files = RobertaFiles.in(c.modelDir());
            EncoderConfig full = files.config();
            EncoderConfig kept = full.withLayers(Math.min(c.layers(), full.layers()));
            return new Encoder(kept, files.weights(manager),
                    TextEncoder.open(files.tokenizer(), TextEncoder.PairFormat.ROBERTA, full,
                            Math.min(c.maxTokens(), full.maxTokens())));
        }
        EncoderConfig full = MiniLm.config();
        return new Encoder(full.withLayers(Math.min(c.layers(), full.layers())), MiniLm.weights(manager),
                MiniLm.tokenizer(Math.min(c.maxTokens(), full.maxTokens())));
    }

    /** The text tasks of a config and seed: retraining and unseen ones, sized by the config. */
    static TaskSplit textTasks(LanguageConfig c, long seed) {
        TaskSplit s;
        if (c.corpus().equals("convai2")) {
            s = ConvAI2.read(c.corpusDir()).split(c.retrainTasks(), c.fineTuneTasks());
        } else {
            Fortunes f = c.corpusDir() == null ? Fortunes.read() : Fortunes.read(c.corpusDir());
            s = f.split(c.retrainTasks(), c.fineTuneTasks(), c.candidates(), c.heldOutFraction(), seed);
        }
        return new TaskSplit(
                s.retraining().stream().map(t -> t.limit(c.trainExamples(), c.heldOutExamples(), c.candidates())).toList(),
                s.fineTuning().stream().map(t -> t.limit(c.trainExamples(), c.heldOutExamples(), c.candidates())).toList());
    }

    static Retraining retraining(LanguageConfig c, RetrainMethod m) {
        OptimizerSpec adamW = OptimizerSpec.adamW(c.lr()).withLinearWarmup(0.1, 6.67);
        Retraining r = switch (m) {
            case STANDARD -> Retraining.standard();
            case LORA_ML -> Retraining.loraMl(lora(c.rank()), HEADS);
            case LAST_LAYER_ML -> Retraining.lastLayerMl(HEADS);
            case REPTILE -> Retraining.reptile().inner(c.innerSteps(), OptimizerSpec.adamW(c.lr()));
        };
        return r.epochs(c.epochs()).optimizer(m == RetrainMethod.REPTILE ? OptimizerSpec.adamW(c.outerLr()) : adamW);
    }

    static FineTuning fineTuning(LanguageConfig c, FineTuneMethod f) {
        FineTuning ft = f == FineTuneMethod.LORA ? FineTuning.lora(lora(c.fineTuneRank())).withHead() : FineTuning.lastLayer();
        return ft.epochs(c.fineTuneEpochs()).optimizer(OptimizerSpec.adamW(c.fineTuneLr()).withLinearWarmup(0.1, 4));
    }

    /** The model factory (vocabulary restricted to the tasks' tokens) and the tasks of every seed. */
    record Prepared(EncoderConfig encoder, ModelFactory factory, List<List<PairTask>> retrainTasks,
                    List<List<PairTask>> unseenTasks) {
    }

    static Prepared prepare(LanguageConfig c, NDManager root) {
        Encoder enc = encoder(c, root);
        long pad = enc.config().padTokenId();
        List<List<PairTask>> retrainTasks = new ArrayList<>();
        List<List<PairTask>> unseenTasks = new ArrayList<>();
        java.util.SortedSet<Long> used = new java.util.TreeSet<>();
        for (long seed : c.seeds()) {
            TaskSplit s = textTasks(c, seed);
            retrainTasks.add(s.retraining().stream().map(t -> new PairTask(t, enc.tokenizer(), c.contexts(), pad)).toList());
            unseenTasks.add(s.fineTuning().stream().map(t -> new PairTask(t, enc.tokenizer(), c.contexts(), pad)).toList());
        }
        enc.tokenizer().close();
        // The embedding table restricted to the tokens the tasks use: the same outputs, far fewer rows to train.
        retrainTasks.forEach(l -> l.forEach(t -> used.addAll(t.tokenIds())));
        unseenTasks.forEach(l -> l.forEach(t -> used.addAll(t.tokenIds())));
        for (long id = 0; id <= pad; id++) {
            used.add(id); // ids up to the padding id keep their number (RoBERTa's positions count from it)
        }
        long[] keep = used.stream().mapToLong(Long::longValue).toArray();
        Map<Long, Long> newId = new java.util.HashMap<>();
        for (int k = 0; k < keep.length; k++) {
            newId.put(keep[k], (long) k);
        }
        retrainTasks.replaceAll(l -> l.stream().map(t -> t.renumbered(newId)).toList());
        unseenTasks.replaceAll(l -> l.stream().map(t -> t.renumbered(newId)).toList());
        EncoderConfig ec = enc.config();
        EncoderConfig small = new EncoderConfig(keep.length, ec.hidden(), ec.layers(), ec.heads(), ec.intermediate(),
                ec.maxPositions(), ec.typeVocabSize(), ec.layerNormEps(), Math.toIntExact(newId.get(pad)),
                ec.robertaPositions(), ec.hiddenDropout(), ec.attentionDropout());
        return new Prepared(small, PairScorer.factory(small, enc.weights().withVocabulary(keep, root)), retrainTasks, unseenTasks);
    }

    /** Retraining throughput at a config's sizes, and the FLOP-scaled cost of a reference-sized step. */
    public record Throughput(String config, double standardStepsPerSecond, double loraMlStepsPerSecond,
                             double referenceStepFactor) {
        @Override
        public String toString() {
            double sr = 1 / standardStepsPerSecond;
            return String.format(java.util.Locale.ROOT, "%s%nSR retraining: %.3f steps/s (%.2f s per batch)%n"
                    + "LoRA-ML retraining: %.3f batches/s (%.2f s per batch; a step is a round of one batch per task)%n"
                    + "reference sizes (RoBERTa-base, 12 layers of width 768, 8 contexts x 20 candidates, ~128 tokens "
                    + "a pair): about %.0fx the FLOPs of a default batch, so about %.0f s per batch on these cores; "
                    + "10 epochs over ConvAI2's 10 largest clusters are thousands of batches per method: GPU only",
                    config, standardStepsPerSecond, sr, loraMlStepsPerSecond, 1 / loraMlStepsPerSecond,
                    referenceStepFactor, referenceStepFactor * sr);
        }
    }

    /** Times one epoch of SR and of LoRA-ML retraining (evaluation included) at {@code e}'s sizes. */
    public static Throughput throughput(LanguageExperiment e) {
        LanguageConfig c = e.config();
        NnRuntime.setIntraOpThreads(c.threads());
        try (NDManager root = NnRuntime.newManager(Devices.pytorch(c.device()))) {
            Prepared p = prepare(c, root);
            List<PairTask> tasks = p.retrainTasks().get(0);
            double[] rate = new double[2];
            RetrainMethod[] ms = {RetrainMethod.STANDARD, RetrainMethod.LORA_ML};
            for (int i = 0; i < 2; i++) {
                Retraining r = retraining(c, ms[i]).epochs(1);
                try (NDManager m = root.newSubManager()) {
                    long t0 = System.nanoTime();
                    r.run(p.factory(), tasks, 0, m);
                    rate[i] = r.steps(tasks) / ((System.nanoTime() - t0) / 1e9);
                }
            }
            EncoderConfig enc = p.encoder();
            double perLayer = 4.0 * enc.hidden() * enc.hidden() + 2.0 * enc.hidden() * enc.intermediate();
            double ours = perLayer * enc.layers() * c.contexts() * c.candidates() * c.maxTokens();
            double roberta = (4.0 * 768 * 768 + 2.0 * 768 * 3072) * 12 * 8 * 20 * 128;
            String desc = String.format(java.util.Locale.ROOT, "default: %s, %d layers, <= %d tokens, %d tasks, %d contexts x "
                    + "%d candidates per batch, %d PyTorch threads", c.encoder(), enc.layers(), c.maxTokens(),
                    c.retrainTasks(), c.contexts(), c.candidates(), c.threads());
            return new Throughput(desc, rate[0], rate[1], roberta / ours);
        }
    }

    /** Runs the protocol described by {@code c}. */
    public static LanguageComparison run(LanguageConfig c, Progress progress) {
        long start = System.nanoTime();
        NnRuntime.setIntraOpThreads(c.threads());
        Map<RetrainMethod, List<double[]>> validation = new LinkedHashMap<>();
        Map<RetrainMethod, List<Integer>> bestEpochs = new LinkedHashMap<>();
        // [retrain][fine-tune] -> per seed: per task, before + one score per epoch
        Map<RetrainMethod, Map<FineTuneMethod, List<double[][]>>> curves = new LinkedHashMap<>();
        List<String> unseen = new ArrayList<>();
        try (NDManager root = NnRuntime.newManager(Devices.pytorch(c.device())); progress) {
            Prepared p = prepare(c, root);
            ModelFactory factory = p.factory();
            List<List<PairTask>> retrainTasks = p.retrainTasks();
            List<List<PairTask>> unseenTasks = p.unseenTasks();
            long total = 0;
            for (int i = 0; i < c.seeds().size(); i++) {
                for (RetrainMethod m : c.methods()) {
                    total += retraining(c, m).steps(retrainTasks.get(i));
                    for (FineTuneMethod f : c.fineTunes()) {
                        for (PairTask t : unseenTasks.get(i)) {
                            total += fineTuning(c, f).steps(t);
                        }
                    }
                }
            }
            unseenTasks.get(0).forEach(t -> unseen.add(t.name()));
            progress.start("language (" + c.encoder() + ", " + c.corpus() + "): " + c.methods().size() + " retraining x "
                    + c.fineTunes().size() + " fine-tuning methods, " + c.seeds().size() + " seed(s)", total);
            for (int i = 0; i < c.seeds().size(); i++) {
                long seed = c.seeds().get(i);
                for (RetrainMethod m : c.methods()) {
                    try (NDManager manager = root.newSubManager()) {
                        Retrained r = retraining(c, m).progress(progress).run(factory, retrainTasks.get(i), seed, manager);
                        validation.computeIfAbsent(m, k -> new ArrayList<>()).add(r.validationScore());
                        bestEpochs.computeIfAbsent(m, k -> new ArrayList<>()).add(r.bestEpoch());
                        for (FineTuneMethod f : c.fineTunes()) {
                            List<PairTask> tasks = unseenTasks.get(i);
                            double[][] perTask = new double[tasks.size()][];
                            for (int t = 0; t < tasks.size(); t++) {
                                long ftSeed = seed * 7919 + f.ordinal() * 131 + t;
                                try (NDManager ftManager = manager.newSubManager()) {
                                    FineTuning ft = fineTuning(c, f).progress(progress);
                                    double before = ft.startingPoint(factory, r.model(), tasks.get(t).inputShape(), ftSeed,
                                            ftManager).score(0, tasks.get(t));
                                    FineTuned out = ft.run(factory, r.model(), tasks.get(t), ftSeed, ftManager);
                                    double[] row = new double[c.fineTuneEpochs() + 1];
                                    row[0] = before;
                                    System.arraycopy(out.score(), 0, row, 1, c.fineTuneEpochs());
                                    perTask[t] = row;
                                }
                            }
                            curves.computeIfAbsent(m, k -> new LinkedHashMap<>()).computeIfAbsent(f, k -> new ArrayList<>())
                                    .add(perTask);
                        }
                    }
                }
            }
        }
        return new LanguageComparison(c, unseen, curves, validation, bestEpochs, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The main job's language part: the CPU-sized default (or, with {@code quick}, {@link #quick()}).
     * Writes {@code results/language.json} and {@code figures/language.png} under {@code out}.
     */
    public static List<Path> mainJob(Path out, boolean quick) {
        LanguageExperiment e = new LanguageExperiment();
        if (quick) {
            e.quick();
        }
        LanguageComparison result = e.run();
        return List.of(result.save(out.resolve("results").resolve("language.json")),
                Charts.savePng(result.plot(), out.resolve("figures").resolve("language.png")));
    }

    private static int atLeast(String name, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(name + ": must be >= " + min + ", got " + v);
        }
        return v;
    }

    private static double positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + ": must be finite and > 0, got " + v);
        }
        return v;
    }
}
