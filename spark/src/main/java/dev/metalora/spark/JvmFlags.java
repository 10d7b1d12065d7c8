package dev.metalora.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JVM flags Spark needs on Java 17+ (the list in {@code jvm-flags.txt} beside this class, the
 * one the kernelspec and {@code environment/jshell} pass too), and a check that this JVM has them.
 * Without the {@code --add-opens} most jobs still run, but a task that fails to serialise hangs
 * Spark's scheduler instead of failing, so a run refuses to start without them.
 */
public final class JvmFlags {
    private static final List<String> FLAGS = read();

    private JvmFlags() {
    }

    /** Every flag, in the order of the list. */
    public static List<String> all() {
        return FLAGS;
    }

    /** The flags of the list that are not in effect in this JVM (only {@code --add-opens} can be checked). */
    public static List<String> missing() {
        List<String> out = new ArrayList<>();
        Module self = JvmFlags.class.getModule();
        for (String flag : FLAGS) {
            if (!flag.startsWith("--add-opens=")) {
                continue;
            }
            // --add-opens=MODULE/PACKAGE=ALL-UNNAMED
            String target = flag.substring("--add-opens=".length(), flag.lastIndexOf('='));
            String module = target.substring(0, target.indexOf('/'));
            String pkg = target.substring(target.indexOf('/') + 1);
            Optional<Module> m = ModuleLayer.boot().findModule(module);
            if (m.isPresent() && !m.get().isOpen(pkg, self)) {
                out.add(flag);
            }
        }
        return out;
    }

    /** Throws {@link IllegalStateException} naming the missing flags and where to set them. */
    static void require() {
        List<String> missing = missing();
        if (missing.isEmpty()) {
            return;
        }
        throw new IllegalStateException("Spark needs JVM flags that this JVM was started without: "
                + String.join(" ", missing) + ". Start the JVM with all of them: " + String.join(" ", FLAGS)
                + " . Where: in a notebook, the kernelspec's JVM options (environment/kernel/install-kernelspec"
                + " writes them into kernel.json's argv; rerun environment/setup or that script, then restart the"
                + " kernel); in JShell, environment/jshell passes them (or give jshell -R<flag> -J<flag> for each);"
                + " with java or Maven's surefire, on the command line or in the argLine. spark-submit adds them"
                + " itself.");
    }

    /** Checks this JVM: prints what is missing and where to set it (exit status 1), or that all is well. */
    public static void main(String[] args) {
        try {
            require();
            System.out.println("Spark's JVM flags are in effect");
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }

    private static List<String> read() {
        try (InputStream in = JvmFlags.class.getResourceAsStream("jvm-flags.txt")) {
            if (in == null) {
                throw new IllegalStateException("jvm-flags.txt missing beside " + JvmFlags.class.getName());
            }
            List<String> out = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    out.add(line);
                }
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
