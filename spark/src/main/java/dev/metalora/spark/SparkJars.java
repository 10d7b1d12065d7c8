package dev.metalora.spark;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The jars a cluster's executors need to run metalora's jobs: everything on this JVM's class path
 * (the JVM's own and that of the class loaders that loaded metalora, such as a notebook kernel's
 * {@code %maven} loader) except Spark and its dependencies, which the cluster has. Folders of
 * classes (a build's {@code target/classes}) are packed into jars first. The list of Spark's jars
 * is the dependency tree of {@code spark-core} written at build time ({@code dependency-tree.txt}).
 */
public final class SparkJars {
    private static final String SPARK_CORE = "org.apache.spark:spark-core_";
    private static final Map<Path, Path> PACKED = new HashMap<>();
    private static Path packDir;

    private SparkJars() {
    }

    /**
     * The local paths of the jars to ship with {@code spark.jars} (what {@link SparkRunner#cluster}
     * sets) or {@code spark-submit --jars} (comma-separated).
     */
    public static List<String> forExecutors() {
        Set<String> spark = sparkJarNames();
        List<String> out = new ArrayList<>();
        for (Path entry : classPath()) {
            if (Files.isDirectory(entry)) {
                out.add(packed(entry).toString());
            } else if (entry.getFileName().toString().endsWith(".jar") && !spark.contains(entry.getFileName().toString())
                    && !isManifestOnly(entry)) {
                out.add(entry.toString());
            }
        }
        return out;
    }

    /** Prints {@link #forExecutors()} comma-separated, for {@code spark-submit --jars}. */
    public static void main(String[] args) {
        System.out.println(String.join(",", forExecutors()));
    }

    /** The file names ({@code artifact-version[-classifier].jar}) of spark-core and everything it depends on. */
    static Set<String> sparkJarNames() {
        Set<String> names = new HashSet<>();
        try (InputStream in = SparkJars.class.getResourceAsStream("dependency-tree.txt")) {
            if (in == null) {
                throw new IllegalStateException("dependency-tree.txt missing beside " + SparkJars.class.getName()
                        + ": the module's build writes it (mvn package)");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean inSpark = false;
            r.readLine(); // the module itself
            for (String line; (line = r.readLine()) != null; ) {
                int start = 0;
                while (start < line.length() && "|+-\\ ".indexOf(line.charAt(start)) >= 0) {
                    start++;
                }
                if (start >= line.length()) {
                    continue;
                }
                String node = line.substring(start);
                if (start == 3) { // a direct dependency of the module: which subtree follows
                    inSpark = node.startsWith(SPARK_CORE);
                }
                if (inSpark) {
                    String name = jarName(node);
                    if (name != null) {
                        names.add(name);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** "g:a:type[:classifier]:version:scope ..." or "(g:a:... - omitted for conflict with V)" to "a-v[-c].jar". */
    private static String jarName(String node) {
        boolean omitted = node.startsWith("(");
        String coords = (omitted ? node.substring(1) : node).split(" ")[0];
        String[] p = coords.split(":");
        if (p.length < 5 || !p[2].equals("jar")) {
            return null;
        }
        String classifier = p.length == 6 ? p[3] : null;
        String version = p.length == 6 ? p[4] : p[3];
        int conflict = node.indexOf("omitted for conflict with ");
        if (conflict >= 0) {
            version = node.substring(conflict + "omitted for conflict with ".length()).replaceAll("[)].*", "").strip();
        }
        return p[1] + "-" + version + (classifier == null ? "" : "-" + classifier) + ".jar";
    }

    /** This JVM's class path, then the URLs of the class loaders that loaded this class, in order, without repeats. */
    static List<Path> classPath() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(Paths.get(e).toAbsolutePath().normalize());
            }
        }
        for (ClassLoader l = SparkJars.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        try {
                            entries.add(Paths.get(url.toURI()).toAbsolutePath().normalize());
                        } catch (URISyntaxException | IllegalArgumentException ignored) {
                            // not a local file: nothing to ship
                        }
                    }
                }
            }
        }
        entries.removeIf(p -> !Files.exists(p));
        return List.copyOf(entries);
    }

    /** A jar whose only content is a manifest with a Class-Path (surefire's booter): its entries are listed already. */
    private static boolean isManifestOnly(Path jar) {
        try (java.util.jar.JarFile f = new java.util.jar.JarFile(jar.toFile())) {
            return f.stream().allMatch(e -> e.getName().startsWith("META-INF/"))
                    && f.getManifest() != null && f.getManifest().getMainAttributes().getValue("Class-Path") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static synchronized Path packed(Path dir) {
        return PACKED.computeIfAbsent(dir, d -> {
            try {
                if (packDir == null) {
                    packDir = Files.createTempDirectory("metalora-spark-jars");
                    packDir.toFile().deleteOnExit();
                }
                String name = d.getParent() == null ? "classes" : d.getParent().getFileName() + "-" + d.getFileName();
                Path jar = packDir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + PACKED.size() + ".jar");
                try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
                     Stream<Path> files = Files.walk(d)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                        j.putNextEntry(new JarEntry(d.relativize(f).toString().replace(File.separatorChar, '/')));
                        Files.copy(f, j);
                        j.closeEntry();
                    }
                }
                jar.toFile().deleteOnExit();
                return jar;
            } catch (IOException e) {
                throw new UncheckedIOException("packing " + d + " into a jar for the executors", e);
            }
        });
    }
}
