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
 * The kernel's settings, read from IJava's environment variables.
 *
 * @param classpath       IJAVA_CLASSPATH: globs separated by the path separator, added at start
 * @param startupScripts  IJAVA_STARTUP_SCRIPTS_PATH: globs of JShell scripts run before the first cell
 * @param compilerOptions IJAVA_COMPILER_OPTS: javac options, split on blanks (quotes group words)
 * @param timeout         IJAVA_TIMEOUT: per-snippet limit, {@code null} for none
 */
public record KernelConfig(List<String> classpath, List<String> startupScripts, List<String> compilerOptions, Duration timeout) {
    public static final String CLASSPATH = "IJAVA_CLASSPATH";
    public static final String STARTUP_SCRIPTS = "IJAVA_STARTUP_SCRIPTS_PATH";
    public static final String COMPILER_OPTS = "IJAVA_COMPILER_OPTS";
    public static final String TIMEOUT = "IJAVA_TIMEOUT";

    public KernelConfig {
        classpath = List.copyOf(classpath);
        startupScripts = List.copyOf(startupScripts);
        compilerOptions = List.copyOf(compilerOptions);
    }

    /** Reads the IJAVA_* variables; unset or blank ones mean "nothing". */
    public static KernelConfig fromEnvironment(Map<String, String> env) {
        return new KernelConfig(
                paths(env.get(CLASSPATH)),
                paths(env.get(STARTUP_SCRIPTS)),
                Cell.splitArgs(env.getOrDefault(COMPILER_OPTS, "")),
                timeout(env.get(TIMEOUT)));
    }

    static List<String> paths(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
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
