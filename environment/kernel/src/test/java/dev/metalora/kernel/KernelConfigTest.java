package dev.metalora.kernel;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class KernelConfigTest {

    @Test
    void timeoutIsMillisecondsOrANumberAndATimeUnitAndNonPositiveMeansNone() {
        assertEquals(Duration.ofMillis(1500), KernelConfig.timeout("1500"));
        assertEquals(Duration.ofSeconds(30), KernelConfig.timeout("30 SECONDS"));
        assertEquals(Duration.ofMinutes(2), KernelConfig.timeout(" 2 minutes "));
        assertNull(KernelConfig.timeout("-1"));
        assertNull(KernelConfig.timeout("0"));
        assertNull(KernelConfig.timeout(""));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> KernelConfig.timeout("soon"));
        assertTrue(bad.getMessage().contains("IJAVA_TIMEOUT") && bad.getMessage().contains("soon"), bad.getMessage());
        IllegalArgumentException unit = assertThrows(IllegalArgumentException.class, () -> KernelConfig.timeout("3 FORTNIGHTS"));
        assertTrue(unit.getMessage().contains("FORTNIGHTS") && unit.getMessage().contains("SECONDS"), unit.getMessage());
    }

    @Test
    void environmentVariablesAreReadAsIJavaReadsThem() {
        KernelConfig c = KernelConfig.fromEnvironment(Map.of(
                KernelConfig.CLASSPATH, "/a/*.jar" + File.pathSeparator + " " + File.pathSeparator + "/b",
                KernelConfig.STARTUP_SCRIPTS, "/s/init.jsh",
                KernelConfig.COMPILER_OPTS, "-parameters \"-Xlint:unchecked\"",
                KernelConfig.TIMEOUT, "5 SECONDS"));
        assertEquals(List.of("/a/*.jar", "/b"), c.classpath());
        assertEquals(List.of("/s/init.jsh"), c.startupScripts());
        assertEquals(List.of("-parameters", "-Xlint:unchecked"), c.compilerOptions());
        assertEquals(Duration.ofSeconds(5), c.timeout());
        KernelConfig none = KernelConfig.fromEnvironment(Map.of());
        assertEquals(List.of(), none.classpath());
        assertNull(none.timeout());
    }

    @Test
    void jjavaNamesStandForIJavaNamesAndAnInlineStartupScriptIsRead() {
        KernelConfig c = KernelConfig.fromEnvironment(Map.of(
                "JJAVA_CLASSPATH", "/j/*.jar",
                KernelConfig.TIMEOUT, "", "JJAVA_TIMEOUT", "250",   // blank IJava value (kernel.json default): JJava's counts
                KernelConfig.COMPILER_OPTS, "-parameters", "JJAVA_COMPILER_OPTS", "-g",
                "JJAVA_STARTUP_SCRIPT", "int answer = 42;"));
        assertEquals(List.of("/j/*.jar"), c.classpath());
        assertEquals(Duration.ofMillis(250), c.timeout());
        assertEquals(List.of("-parameters"), c.compilerOptions(), "IJava's name wins when both are set");
        assertEquals("int answer = 42;", c.startupScript());
        assertEquals("JJAVA_STARTUP_SCRIPTS_PATH", KernelConfig.jjavaName(KernelConfig.STARTUP_SCRIPTS));
    }
}
