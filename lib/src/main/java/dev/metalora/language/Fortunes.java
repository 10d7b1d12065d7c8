package dev.metalora.language;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The fortunes task family: Debian's {@code fortunes} package ({@code /usr/share/games/fortunes}, one
 * file per category, entries separated by lines holding {@code %}; 40 categories, 14 397 entries).
 * It stands in for ConvAI2, which cannot be fetched on these machines: each category is a task (one
 * style of speaker, as a persona is), and an example is an entry split at the sentence or line
 * boundary nearest its middle into a context and its true continuation, shown among distractor
 * continuations from the same category. Entries are held out per category (a held-out entry's
 * context and continuation are never trained on, and distractors come from the same side of the
 * split). Everything is a function of the seed.
 */
public final class Fortunes {
    /** Where Debian's package puts the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/games/fortunes");

    private final Path dir;
    private final Map<String, List<String>> entries;

    private Fortunes(Path dir, Map<String, List<String>> entries) {
        this.dir = dir;
        this.entries = entries;
    }

    /** Reads Debian's fortunes ({@link #DEBIAN_DIR}). */
    public static Fortunes read() {
        return read(DEBIAN_DIR);
    }

    /** Reads every category file in {@code dir} (files without a dot in the name: {@code .dat} indices and {@code .u8} links are skipped). */
    public static Fortunes read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("fortunes: " + dir + " does not exist; install Debian's package "
                    + "(apt-get install fortunes, which environment/setup does) or pass the folder of its files");
        }
        Map<String, List<String>> m = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.contains(".") || !Files.isRegularFile(f)) {
                    continue;
                }
                List<String> e = parse(Files.readString(f, StandardCharsets.ISO_8859_1));
                if (!e.isEmpty()) {
                    m.put(name, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("fortunes: reading " + dir, e);
        }
        if (m.isEmpty()) {
            throw new IllegalArgumentException("fortunes: " + dir + " holds no category files (entries separated by "
                    + "lines holding %); install Debian's package fortunes");
        }
        return new Fortunes(dir, m);
    }

    /** Entries of one file: the texts between lines holding {@code %}, trailing blanks removed, empty ones dropped. */
    static List<String> parse(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : text.split("\r?\n", -1)) {
            if (line.strip().equals("%")) {
                add(out, cur);
                cur.setLength(0);
            } else {
                cur.append(line).append('\n');
            }
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().stripTrailing();
        if (!s.isBlank()) {
            out.add(s);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Category names with their number of entries, largest first (ties by name). */
    public Map<String, Integer> categories() {
        Map<String, Integer> m = new LinkedHashMap<>();
        entries.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, List<String>>>comparingInt(e -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> m.put(e.getKey(), e.getValue().size()));
        return m;
    }

    /**
     * Category names with their number of splittable entries (those with a sentence or line boundary,
     * the ones that become examples), largest first (ties by name).
     */
    public Map<String, Integer> splittable() {
        Map<String, Integer> counts = new TreeMap<>();
        entries.forEach((k, v) -> counts.put(k, (int) v.stream().filter(e -> splitEntry(e) != null).count()));
        Map<String, Integer> m = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -e.getValue()).thenComparing(Map.Entry::getKey))
                .forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    /** The entries of a category. */
    public List<String> entries(String category) {
        List<String> e = entries.get(category);
        if (e == null) {
            throw new IllegalArgumentException("category: unknown '" + category + "'; known: " + entries.keySet());
        }
        return Collections.unmodifiableList(e);
    }

    /**
     * The default split: the {@code retraining} categories with the most splittable entries are the
     * retraining tasks, the next {@code fineTuning} the unseen ones (as the reference takes its 10
     * largest persona clusters).
     */
    public TaskSplit split(int retraining, int fineTuning, int candidates, double heldOutFraction, long seed) {
        List<String> names = new ArrayList<>(splittable().keySet());
        if (retraining < 1 || fineTuning < 1 || retraining + fineTuning > names.size()) {
            throw new IllegalArgumentException("retraining/fineTuning: need >= 1 each and at most " + names.size()
                    + " categories together, got " + retraining + " and " + fineTuning);
        }
        return new TaskSplit(tasks(names.subList(0, retraining), candidates, heldOutFraction, seed),
                tasks(names.subList(retraining, retraining + fineTuning), candidates, heldOutFraction, seed));
    }

    /** One task per named category. */
    public List<TextTask> tasks(List<String> categories, int candidates, double heldOutFraction, long seed) {
        Set<String> seen = new LinkedHashSet<>();
        for (String c : categories) {
            if (!seen.add(c)) {
                throw new IllegalArgumentException("categories: '" + c + "' is listed twice");
            }
        }
        return categories.stream().map(c -> task(c, candidates, heldOutFraction, seed)).toList();
    }

    /**
     * The task of one category: its entries shuffled from {@code seed}, the first
     * {@code heldOutFraction} of them held out, every entry that has a sentence or line boundary
     * made an example with {@code candidates - 1} distractors from the same side of the split.
     */
    public TextTask task(String category, int candidates, double heldOutFraction, long seed) {
        if (candidates < 2) {
            throw new IllegalArgumentException("candidates: must be >= 2, got " + candidates);
        }
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("heldOutFraction: must be in (0, 1), got " + heldOutFraction);
        }
        List<String> all = new ArrayList<>(new LinkedHashSet<>(entries(category))); // an entry listed twice is one entry
        Random rng = new Random(seed * 1_000_003L + category.hashCode());
        Collections.shuffle(all, rng);
        int held = (int) Math.ceil(heldOutFraction * all.size());
        List<TextExample> heldOut = examples(category, all.subList(0, held), candidates, rng);
        List<TextExample> train = examples(category, all.subList(held, all.size()), candidates, rng);
        if (train.isEmpty() || heldOut.isEmpty()) {
            throw new IllegalArgumentException("category '" + category + "': too few splittable entries for "
                    + candidates + " candidates (" + train.size() + " training, " + heldOut.size()
                    + " held-out examples from " + all.size() + " entries); use fewer candidates or another category");
        }
        return new TextTask(category, train, heldOut);
    }

    private static List<TextExample> examples(String category, List<String> entries, int candidates, Random rng) {
        List<String[]> parts = new ArrayList<>();
        for (String e : entries) {
            String[] p = splitEntry(e);
            if (p != null) {
                parts.add(p);
            }
        }
        List<String> continuations = parts.stream().map(p -> p[1]).distinct().toList();
        if (continuations.size() < candidates) {
            return List.of();
        }
        List<TextExample> out = new ArrayList<>();
        for (String[] p : parts) {
            List<String> c = new ArrayList<>();
            c.add(p[1]);
            while (c.size() < candidates) {
                String d = continuations.get(rng.nextInt(continuations.size()));
                if (!c.contains(d)) {
                    c.add(d);
                }
            }
            Collections.shuffle(c, rng);
            out.add(new TextExample(p[0], c, c.indexOf(p[1])));
        }
        return out;
    }

    /**
     * Splits an entry at the sentence end ({@code .}, {@code ?} or {@code !} before white space) or
     * line end nearest its middle into (context, continuation), white space collapsed; null if it
     * has no such boundary with text on both sides.
     */
    static String[] splitEntry(String entry) {
        int first = 0;
        while (first < entry.length() && Character.isWhitespace(entry.charAt(first))) {
            first++;
        }
        int last = entry.length() - 1;
        while (last >= 0 && Character.isWhitespace(entry.charAt(last))) {
            last--;
        }
        int best = -1;
        double middle = entry.length() / 2.0;
        for (int i = first + 1; i < last; i++) {
            char c = entry.charAt(i);
            char before = entry.charAt(i - 1);
            boolean lineEnd = c == '\n';
            boolean sentenceEnd = (before == '.' || before == '?' || before == '!') && Character.isWhitespace(c);
            if ((lineEnd || sentenceEnd) && (best < 0 || Math.abs(i - middle) < Math.abs(best - middle))) {
                best = i;
            }
        }
        return best < 0 ? null : new String[] {collapse(entry.substring(0, best)), collapse(entry.substring(best))};
    }

    private static String collapse(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    @Override
    public String toString() {
        return "Fortunes(" + dir + ": " + entries.size() + " categories, "
                + entries.values().stream().mapToInt(List::size).sum() + " entries)";
    }
}
