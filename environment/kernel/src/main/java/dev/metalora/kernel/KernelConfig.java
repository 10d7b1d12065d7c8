package dev.metalora.kernel;

import dev.metalora.kernel.magic.Cell;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's settings, read from IJava's environment variables or their JJava names
 * ({@code JJAVA_CLASSPATH} for {@code IJAVA_CLASSPATH}, and so on; the first that is set and not
 * blank counts, IJava's name first).
 *
 * @param classpath       IJAVA_CLASSPATH: globs separated by the path separator, added at start
 * @param startupScripts  IJAVA_STARTUP_SCRIPTS_PATH: globs of JShell scripts run before the first cell
 * @param startupScript   IJAVA_STARTUP_SCRIPT: code run before the first cell, after those scripts ("" for none)
 * @param compilerOptions IJAVA_COMPILER_OPTS: javac options, split on blanks (quotes group words)
 * @param timeout         IJAVA_TIMEOUT: per-snippet limit, {@code null} for none
 */
public record KernelConfig(List<String> classpath, List<String> startupScripts, String startupScript,
                           List<String> compilerOptions, Duration timeout) {
    public static final String CLASSPATH = "IJAVA_CLASSPATH";
    public static final String STARTUP_SCRIPTS = "IJAVA_STARTUP_SCRIPTS_PATH";
    public static final String STARTUP_SCRIPT = "IJAVA_STARTUP_SCRIPT";
    public static final String COMPILER_OPTS = "IJAVA_COMPILER_OPTS";
    public static final String TIMEOUT = "IJAVA_TIMEOUT";

    public KernelConfig {
        classpath = List.copyOf(classpath);
        startupScripts = List.copyOf(startupScripts);
        startupScript = startupScript == null ? "" : startupScript;
        compilerOptions = List.copyOf(compilerOptions);
    }

    /** Reads the IJAVA_* (or JJAVA_*) variables; unset or blank ones mean "nothing". */
    public static KernelConfig fromEnvironment(Map<String, String> env) {
        return new KernelConfig(
                paths(get(env, CLASSPATH)),
                paths(get(env, STARTUP_SCRIPTS)),
                get(env, STARTUP_SCRIPT),
                Cell.splitArgs(get(env, COMPILER_OPTS)),
                timeout(get(env, TIMEOUT)));
    }

    /** The JJava name of an IJava variable: {@code IJAVA_X} is {@code JJAVA_X}. */
    public static String jjavaName(String ijavaName) {
        return "J" + ijavaName.substring(1);
    }

    /** {@code IJAVA_X}, else {@code JJAVA_X}, else "" (blank values count as unset). */
    static String get(Map<String, String> env, String ijavaName) {
        for (String name : List.of(ijavaName, jjavaName(ijavaName))) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }

    static List<String> paths(String value) {
        List<String> out = new ArrayList<>();
        if (value != null && !value.isBlank()) {
            for (String p : value.split(File.pathSeparator)) {
                if (!p.isBlank()) {
                    out.add(p.strip());
                }
            }
        }
        return out;
    }

    /**
     * IJAVA_TIMEOUT as IJava reads it: a number of milliseconds, or a number and a
     * {@link TimeUnit} name ("30 SECONDS"); zero or negative means no timeout.
     */
    static Duration timeout(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.strip().split("\\s+");
        long amount;
        try {
            amount = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TIMEOUT + " = '" + value + "': expected a number of milliseconds or 'N UNIT' (e.g. '30 SECONDS')");
        }
        if (amount <= 0) {
            return null;
        }
        if (parts.length == 1) {
            return Duration.ofMillis(amount);
        }
        try {
            TimeUnit unit = TimeUnit.valueOf(parts[1].toUpperCase(Locale.ROOT));
            return Duration.of(amount, unit.toChronoUnit());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TIMEOUT + " = '" + value + "': unknown unit '" + parts[1]
                    + "', allowed: " + List.of(TimeUnit.values()), e);
        }
    }
}
