package dev.metalora.custom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metalora.core.Config;
import dev.metalora.peft.FineTuneMethod;
import dev.metalora.peft.ModelFactory;
import dev.metalora.peft.RetrainMethod;
import dev.metalora.results.Json;

import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.List;

/**
 * Every parameter of one custom experiment ({@link CustomExperiment} documents each), validated.
 * Serialisable as every configuration is; the model factory and the task family are the user's
 * objects, so shipping the configuration to a remote runner fails, with a message saying why,
 * unless both are serialisable library classes. A local runner never serialises it.
 */
public record CustomConfig(ModelFactory model, TaskFamily tasks, List<RetrainMethod> methods,
                           List<FineTuneMethod> fineTunes, int trials, long seed, int epochs, int fineTuneEpochs,
                           int batch, double lr, double fineTuneLr, double weightDecay, int rank, int fineTuneRank,
                           List<String> targets, int reptileInnerSteps, double reptileInnerLr, double reptileLr,
                           int startFrom) implements Config {
    private static final long serialVersionUID = 1L;

    public CustomConfig {
        if (model == null) {
            throw new IllegalArgumentException("model: a ModelFactory is needed, got null; e.g. (linears, seed) -> "
                    + "new SequentialBlock().add(linears.linear(\"hidden\", 1, 40, true, seed)).add(Activation::relu)"
                    + ".add(linears.head(\"out\", 40, 1, true, seed + 1))");
        }
        if (tasks == null) {
            throw new IllegalArgumentException("tasks: a TaskFamily is needed, got null; e.g. SineWaves.maml()");
        }
        if (methods == null || methods.isEmpty()) {
            throw new IllegalArgumentException("methods: no retraining method given; allowed: standard, lora-ml, "
                    + "last-layer-ml, reptile (at least one)");
        }
        if (fineTunes == null || fineTunes.isEmpty()) {
            throw new IllegalArgumentException("fineTunes: no fine-tuning method given; allowed: lora, last-layer (at least one)");
        }
        methods = List.copyOf(methods);
        fineTunes = List.copyOf(fineTunes);
        targets = List.copyOf(targets == null ? List.of() : targets);
        atLeast("trials", trials, 1);
        atLeast("epochs", epochs, 1);
        atLeast("fineTuneEpochs", fineTuneEpochs, 1);
        atLeast("batch", batch, 1);
        atLeast("rank", rank, 1);
        atLeast("fineTuneRank", fineTuneRank, 1);
        atLeast("reptileInnerSteps", reptileInnerSteps, 1);
        positive("lr", lr);
        positive("fineTuneLr", fineTuneLr);
        positive("reptileInnerLr", reptileInnerLr);
        positive("reptileLr", reptileLr);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay: " + weightDecay + " must be finite and >= 0");
        }
        if (startFrom < -1) {
            throw new IllegalArgumentException("startFrom: " + startFrom + " must be a task index >= 0, or -1 for a fresh adapter and head");
        }
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + ": " + value + " must be at least " + min);
        }
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + ": " + value + " must be finite and > 0");
        }
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("model", describe(model));
        n.put("tasks", describe(tasks));
        ArrayNode m = n.putArray("methods");
        methods.forEach(x -> m.add(x.id()));
        ArrayNode f = n.putArray("fineTunes");
        fineTunes.forEach(x -> f.add(x.id()));
        n.put("trials", trials).put("seed", seed).put("epochs", epochs).put("fineTuneEpochs", fineTuneEpochs)
                .put("batch", batch).put("lr", lr).put("fineTuneLr", fineTuneLr).put("weightDecay", weightDecay)
                .put("rank", rank).put("fineTuneRank", fineTuneRank);
        ArrayNode t = n.putArray("targets");
        targets.forEach(t::add);
        n.put("reptileInnerSteps", reptileInnerSteps).put("reptileInnerLr", reptileInnerLr)
                .put("reptileLr", reptileLr).put("startFrom", startFrom);
        return n;
    }

    /** A record prints its values; a lambda or an anonymous class only its kind. */
    private static String describe(Object o) {
        String s = o.toString();
        return s.contains("$$Lambda") || s.matches(".*\\$\\d+@.*") ? o.getClass().getInterfaces().length > 0
                ? "a " + o.getClass().getInterfaces()[0].getSimpleName() + " (lambda)" : "lambda" : s;
    }

    /** Serialisation (a remote runner): refuses, naming the parameter, a model or family it could not ship. */
    private Object writeReplace() throws ObjectStreamException {
        shippable("model", model);
        shippable("tasks", tasks);
        return this;
    }

    private static void shippable(String name, Object o) throws NotSerializableException {
        Class<?> c = o.getClass();
        String why = !(o instanceof Serializable) ? "is not java.io.Serializable"
                : c.getName().startsWith("REPL.") || c.getName().startsWith("$JShell")
                ? "is defined in a notebook or JShell, whose classes a remote worker cannot load" : null;
        if (why != null) {
            throw new NotSerializableException(name + ": " + c.getName() + " " + why + "; a remote runner ships the "
                    + "configuration to its workers. Make it a Serializable class in a library on the workers' class "
                    + "path (as SineWaves is), or run with the default Runner.local()");
        }
    }
}
