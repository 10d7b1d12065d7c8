package dev.metalora.kernel.magic;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.metalora.kernel.maven.MavenResolver;
import io.github.spencerpark.jupyter.kernel.magic.registry.LineMagicFunction;
import io.github.spencerpark.jupyter.kernel.util.GlobFinder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** IJava's and JJava's magics for class paths, Maven and scripts. */
public final class StandardMagics {

    /** What the magics need from the kernel. */
    public interface Host {
        /** Puts a jar or folder on the class path of cells. */
        void addToClasspath(Path path);

        /** Runs a cell's text (code and magics) as if it were typed in a cell. */
        void runCell(String text) throws Exception;
    }

    private StandardMagics() {
    }

    /**
     * Registers the magics, under IJava's and JJava's names: {@code %maven} (also
     * {@code %addMavenDependency}; {@code from=URL} searches a repository for this call first),
     * {@code %mavenRepo} (also {@code %addMavenRepo}), {@code %jars}, {@code %classpath},
     * {@code %load}, {@code %loadFromPOM} and {@code %%loadFromPOM}.
     */
    public static void register(MagicRegistry magics, Host host, Supplier<MavenResolver> maven) {
        magics.registerLineMagic("jars", args -> {
            glob(args, true, "%jars GLOB...").forEach(host::addToClasspath);
            return null;
        });
        magics.registerLineMagic("classpath", args -> {
            glob(args, false, "%classpath GLOB...").forEach(host::addToClasspath);
            return null;
        });
        LineMagicFunction<Void> dependency = args -> {
            List<String> coordinates = new ArrayList<>();
            List<String> from = new ArrayList<>();
            for (String a : args) {
                if (a.startsWith("from=")) {
                    from.add(a.substring("from=".length()));
                } else {
                    coordinates.add(a);
                }
            }
            requireArgs(coordinates, 1, "%maven GROUP:ARTIFACT:VERSION... [from=REPOSITORY-URL]");
            maven.get().resolve(coordinates, from).forEach(host::addToClasspath);
            return null;
        };
        magics.registerLineMagic("maven", dependency);
        magics.registerLineMagic("addMavenDependency", dependency);
        LineMagicFunction<Void> repository = args -> {
            if (args.size() != 2) {
                throw new IllegalArgumentException("usage: %mavenRepo ID URL (got " + args + ")");
            }
            maven.get().addRepository(args.get(0), args.get(1));
            return null;
        };
        magics.registerLineMagic("mavenRepo", repository);
        magics.registerLineMagic("addMavenRepo", repository);
        magics.registerLineMagic("load", args -> {
            requireArgs(args, 1, "%load FILE...");
            for (String file : args) {
                for (String cell : scriptCells(Path.of(file))) {
                    host.runCell(cell);
                }
            }
            return null;
        });
        magics.registerLineMagic("loadFromPOM", args -> {
            requireArgs(args, 1, "%loadFromPOM POM-FILE");
            for (String file : args) {
                maven.get().resolvePom(Files.readString(Path.of(file))).forEach(host::addToClasspath);
            }
            return null;
        });
        magics.registerCellMagic("loadFromPOM", (args, body) -> {
            maven.get().resolvePom(body).forEach(host::addToClasspath);
            return null;
        });
    }

    private static void requireArgs(List<String> args, int min, String usage) {
        if (args.size() < min) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    /** The files (or, for {@code %classpath}, files and folders) matching each glob; a glob matching nothing is an error. */
    static List<Path> glob(List<String> globs, boolean filesOnly, String usage) throws IOException {
        requireArgs(globs, 1, usage);
        List<Path> out = new ArrayList<>();
        for (String g : globs) {
            GlobFinder finder = new GlobFinder(g);
            int before = out.size();
            try {
                for (Path p : filesOnly ? finder.computeMatchingFiles() : finder.computeMatchingPaths()) {
                    out.add(p.toAbsolutePath());
                }
            } catch (NoSuchFileException e) {
                // the glob's fixed folder does not exist: it matches nothing
            }
            if (out.size() == before) {
                throw new IllegalArgumentException("'" + g + "' matches no " + (filesOnly ? "file" : "file or folder")
                        + " (relative to " + Path.of("").toAbsolutePath() + ")");
            }
        }
        return out;
    }

    /**
     * The cells of a script: a notebook's ({@code .ipynb}) code cells in order, or the whole file
     * (a {@code .jsh}/{@code .jshell}/{@code .java} script) as one cell.
     */
    public static List<String> scriptCells(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("%load: no file " + file.toAbsolutePath());
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!file.getFileName().toString().endsWith(".ipynb")) {
            return List.of(text);
        }
        List<String> cells = new ArrayList<>();
        JsonObject notebook = new JsonParser().parse(text).getAsJsonObject(); // gson 2.8.5 (basekernel): no static parseString
        for (JsonElement c : notebook.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if (!"code".equals(cell.get("cell_type").getAsString())) {
                continue;
            }
            JsonElement source = cell.get("source");
            if (source.isJsonArray()) {
                StringBuilder sb = new StringBuilder();
                source.getAsJsonArray().forEach(line -> sb.append(line.getAsString()));
                cells.add(sb.toString());
            } else {
                cells.add(source.getAsString());
            }
        }
        return cells;
    }
}
