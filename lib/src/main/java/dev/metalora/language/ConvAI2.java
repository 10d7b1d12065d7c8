package dev.metalora.language;

import net.razorvine.pickle.Unpickler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * User-brought ConvAI2 (PersonaChat "self original", as ParlAI distributes it) with the persona
 * clusters of the PAML project, grouped into tasks as the reference code does: dialogues grouped by
 * persona cluster (cluster 0, the unmapped, dropped; clusters with at most one dialogue dropped),
 * the last dialogues of a cluster held out (3 in the training file, 2 in the validation file),
 * clusters sorted by training turns, largest first; retraining tasks come from
 * {@code train_self_original.txt}, unseen ones from {@code valid_self_original.txt}.
 *
 * <p>An example is one turn: the context is every previous utterance and response of the dialogue
 * and the partner's utterance, concatenated (persona sentences not included); the candidates are
 * the turn's 20 in file order, the label the index of the true response.
 *
 * <p>Persona maps: a pickled dict from cluster id to a list of persona texts, where a persona text
 * is a dialogue's "your persona:" sentences joined by single spaces (compared after lower-casing and
 * collapsing white space). Files in the folder: {@value #TRAIN}, {@value #VALID},
 * {@value #TRAIN_MAP}, {@value #VALID_MAP}.
 */
public final class ConvAI2 {
    public static final String TRAIN = "train_self_original.txt";
    public static final String VALID = "valid_self_original.txt";
    public static final String TRAIN_MAP = "train_persona_map.pkl";
    public static final String VALID_MAP = "valid_persona_map.pkl";
    private static final String HOW = "ConvAI2's files come with ParlAI (python -m parlai.scripts.display_data -t "
            + "convai2, files under data/ConvAI2/); the persona maps with the PAML project "
            + "(github.com/HLTCHKUST/PAML, data/ConvAI2/)";

    /** One dialogue: its persona text and its turns. */
    public record Dialogue(String persona, List<TextExample> turns) {
    }

    private final Path dir;
    private final List<Dialogue> train;
    private final List<Dialogue> valid;
    private final Map<String, Integer> trainMap;
    private final Map<String, Integer> validMap;

    private ConvAI2(Path dir, List<Dialogue> train, List<Dialogue> valid, Map<String, Integer> trainMap,
                    Map<String, Integer> validMap) {
        this.dir = dir;
        this.train = train;
        this.valid = valid;
        this.trainMap = trainMap;
        this.validMap = validMap;
    }

    /** Reads the four files of {@code dir}; a missing or malformed one is an error naming it and how to obtain it. */
    public static ConvAI2 read(Path dir) {
        if (dir == null) {
            throw new IllegalArgumentException("corpusDir: a folder with " + TRAIN + ", " + VALID + ", " + TRAIN_MAP
                    + " and " + VALID_MAP + " is needed; " + HOW);
        }
        return new ConvAI2(dir, dialogues(file(dir, TRAIN)), dialogues(file(dir, VALID)),
                personaMap(file(dir, TRAIN_MAP)), personaMap(file(dir, VALID_MAP)));
    }

    private static Path file(Path dir, String name) {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("corpusDir: " + p + " does not exist; " + HOW);
        }
        return p;
    }

    /** Parses a "self original" file: numbered lines, numbering restarting at 1 for each dialogue. */
    static List<Dialogue> dialogues(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("corpus: " + file + " could not be read (" + e.getMessage() + "); " + HOW, e);
        }
        List<Dialogue> out = new ArrayList<>();
        List<String> persona = new ArrayList<>();
        List<TextExample> turns = new ArrayList<>();
        StringBuilder history = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int space = line.indexOf(' ');
            int number;
            try {
                number = Integer.parseInt(space < 0 ? line : line.substring(0, space));
            } catch (NumberFormatException e) {
                throw malformed(file, i, "a line starts with its number within the dialogue");
            }
            String text = space < 0 ? "" : line.substring(space + 1);
            if (number == 1 && (!persona.isEmpty() || !turns.isEmpty())) {
                out.add(new Dialogue(String.join(" ", persona), turns));
                persona = new ArrayList<>();
                turns = new ArrayList<>();
                history.setLength(0);
            }
            if (text.startsWith("your persona:")) {
                persona.add(text.substring("your persona:".length()).strip());
                continue;
            }
            String[] parts = text.split("\t");
            if (parts.length < 4) {
                throw malformed(file, i, "a turn is 'N utterance<TAB>response<TAB><TAB>cand1|cand2|...'");
            }
            String utterance = parts[0].strip();
            String response = parts[1].strip();
            List<String> candidates = List.of(parts[parts.length - 1].split("\\|"));
            int label = candidates.indexOf(response);
            if (label < 0) {
                throw malformed(file, i, "the true response must be one of the turn's candidates");
            }
            history.append(history.isEmpty() ? "" : " ").append(utterance);
            turns.add(new TextExample(history.toString(), candidates, label));
            history.append(' ').append(response);
        }
        if (!persona.isEmpty() || !turns.isEmpty()) {
            out.add(new Dialogue(String.join(" ", persona), turns));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("corpus: " + file + " holds no dialogue; " + HOW);
        }
        return out;
    }

    private static IllegalArgumentException malformed(Path file, int line, String rule) {
        return new IllegalArgumentException("corpus: " + file + " line " + (line + 1) + " is malformed (" + rule
                + "); is it ConvAI2's *_self_original.txt? " + HOW);
    }

    /** Reads a persona map (pickled dict: cluster id -> list of persona texts) into persona text -> cluster. */
    static Map<String, Integer> personaMap(Path file) {
        Object o;
        try (InputStream in = Files.newInputStream(file)) {
            o = new Unpickler().load(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("corpus: " + file + " is not a readable pickle (" + e.getMessage() + "); "
                    + HOW, e);
        }
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("corpus: " + file + " holds a " + o.getClass().getSimpleName()
                    + ", not a dict of cluster id -> list of persona texts; " + HOW);
        }
        Map<String, Integer> out = new HashMap<>();
        for (var e : m.entrySet()) {
            int cluster;
            try {
                cluster = Integer.parseInt(String.valueOf(e.getKey()));
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("corpus: " + file + " has cluster id '" + e.getKey()
                        + "', not an integer; " + HOW);
            }
            if (!(e.getValue() instanceof List<?> personas)) {
                throw new IllegalArgumentException("corpus: " + file + ": cluster " + cluster
                        + " maps to a " + e.getValue().getClass().getSimpleName() + ", not a list of persona texts; " + HOW);
            }
            for (Object p : personas) {
                out.put(normal(String.valueOf(p)), cluster);
            }
        }
        return out;
    }

    static String normal(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).strip().replaceAll("\\s+", " ");
    }

    public List<Dialogue> trainDialogues() {
        return List.copyOf(train);
    }

    public List<Dialogue> validDialogues() {
        return List.copyOf(valid);
    }

    /** Tasks of the training file's {@code retrain} largest clusters and the validation file's {@code fineTune} largest. */
    public TaskSplit split(int retrain, int fineTune) {
        return new TaskSplit(tasks(train, trainMap, 3, retrain, TRAIN), tasks(valid, validMap, 2, fineTune, VALID));
    }

    /** Persona names: {@code cluster-N}. */
    public static List<TextTask> tasks(List<Dialogue> dialogues, Map<String, Integer> map, int heldOut, int count,
                                       String source) {
        Map<Integer, List<Dialogue>> byCluster = new LinkedHashMap<>();
        for (Dialogue d : dialogues) {
            Integer c = map.get(normal(d.persona()));
            if (c != null && c != 0) {
                byCluster.computeIfAbsent(c, k -> new ArrayList<>()).add(d);
            }
        }
        List<TextTask> tasks = new ArrayList<>();
        for (var e : byCluster.entrySet()) {
            List<Dialogue> ds = e.getValue();
            if (ds.size() <= 1) {
                continue;
            }
            int held = Math.min(heldOut, ds.size() - 1);
            List<TextExample> tr = ds.subList(0, ds.size() - held).stream().flatMap(d -> d.turns().stream()).toList();
            List<TextExample> ho = ds.subList(ds.size() - held, ds.size()).stream().flatMap(d -> d.turns().stream()).toList();
            if (!tr.isEmpty() && !ho.isEmpty()) {
                tasks.add(new TextTask("cluster-" + e.getKey(), tr, ho));
            }
        }
        tasks.sort(Comparator.comparingInt((TextTask t) -> -t.train().size()).thenComparing(TextTask::name));
        if (tasks.size() < count) {
            throw new IllegalArgumentException("tasks: " + source + " has " + tasks.size() + " persona clusters with more "
                    + "than one mapped dialogue, fewer than the " + count + " asked for (check that the persona map "
                    + "belongs to this file)");
        }
        return List.copyOf(tasks.subList(0, count));
    }

    @Override
    public String toString() {
        return "ConvAI2(" + dir + ": " + train.size() + " training and " + valid.size() + " validation dialogues)";
    }
}
