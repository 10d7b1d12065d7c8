package dev.metalora.kernel.maven;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Resolution against a local repository made in a temporary folder and an empty file:// remote (no network). */
class MavenResolverTest {
    @TempDir
    Path tmp;
    private MavenResolver resolver;

    @BeforeEach
    void repositories() throws IOException {
        Path local = tmp.resolve("local");
        artifact(local, "app", "<dependencies>"
                + dependency("util", "compile") + dependency("only-for-tests", "test") + dependency("servlet", "provided")
                + "</dependencies>");
        artifact(local, "util", "");
        resolver = new MavenResolver(local);
        Files.createDirectories(tmp.resolve("remote"));
        resolver.addRepository("empty", tmp.resolve("remote").toUri().toString());
    }

    private static String dependency(String artifactId, String scope) {
        return "<dependency><groupId>dev.example</groupId><artifactId>" + artifactId
                + "</artifactId><version>1.0</version><scope>" + scope + "</scope></dependency>";
    }

    private static void artifact(Path repo, String artifactId, String body) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("dev/example/" + artifactId + "/1.0"));
        Files.writeString(dir.resolve(artifactId + "-1.0.pom"), "<project><modelVersion>4.0.0</modelVersion>"
                + "<groupId>dev.example</groupId><artifactId>" + artifactId + "</artifactId><version>1.0</version>"
                + body + "</project>");
        Files.write(dir.resolve(artifactId + "-1.0.jar"), new byte[] {'P', 'K', 5, 6});
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void resolvesTransitiveRuntimeDependenciesFromTheLocalRepository() {
        assertEquals(List.of("app-1.0.jar", "util-1.0.jar"), names(resolver.resolve(List.of("dev.example:app:1.0"))));
    }

    @Test
    void anUnresolvableCoordinateIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolver.resolve(List.of("dev.example:absent:2.0")));
        assertTrue(e.getMessage().contains("dev.example:absent:2.0"), e.getMessage());
        assertTrue(e.getMessage().contains("empty"), "names the repositories searched: " + e.getMessage());
    }

    @Test
    void aMalformedCoordinateIsNamedWithTheExpectedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolver.resolve(List.of("just-a-name")));
        assertTrue(e.getMessage().contains("just-a-name") && e.getMessage().contains("GROUP:ARTIFACT:VERSION"), e.getMessage());
    }

    @Test
    void aPomFragmentResolvesItsDependenciesWithPropertiesExpandedAndAddsItsRepositories() {
        String pom = "<properties><example.version>1.0</example.version></properties>"
                + "<repositories><repository><id>extra</id><url>file:///nonexistent/extra</url></repository></repositories>"
                + "<dependencies><dependency><groupId>dev.example</groupId><artifactId>app</artifactId>"
                + "<version>${example.version}</version></dependency></dependencies>";
        assertEquals(List.of("app-1.0.jar", "util-1.0.jar"), names(resolver.resolvePom(pom)));
        assertTrue(resolver.repositories().contains("extra file:///nonexistent/extra"), resolver.repositories().toString());
    }

    @Test
    void repositoriesNeedAnIdAndAnHttpOrFileUrl() {
        assertThrows(IllegalArgumentException.class, () -> resolver.addRepository(" ", "https://example.org/m2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolver.addRepository("x", "ftp://host/repo"));
        assertTrue(e.getMessage().contains("ftp://host/repo"), e.getMessage());
    }

    private Path settings(String body) throws IOException {
        return Files.writeString(tmp.resolve("settings.xml"), "<settings>" + body + "</settings>");
    }

    @Test
    void settingsMirrorServesTheRepositoriesItMirrors() throws IOException {
        Path mirror = tmp.resolve("mirror");
        artifact(mirror, "mirrored", "");
        Path fresh = tmp.resolve("fresh-local");
        MavenResolver r = MavenResolver.fromSettings(settings("<localRepository>" + fresh + "</localRepository>"
                + "<mirrors><mirror><id>company</id><mirrorOf>*</mirrorOf><url>" + mirror.toUri() + "</url></mirror></mirrors>"), null);
        assertEquals(List.of("mirrored-1.0.jar"), names(r.resolve(List.of("dev.example:mirrored:1.0"))),
                "found in the mirror although only Maven Central is configured");
        assertTrue(Files.exists(fresh.resolve("dev/example/mirrored/1.0/mirrored-1.0.jar")), "into settings.xml's local repository");
        assertEquals(mirror.toUri().toString(), r.effectiveUrl("central", MavenResolver.CENTRAL));
    }

    @Test
    void settingsOfflineSearchesOnlyTheLocalRepositoryAndSaysSo() throws IOException {
        Path mirror = tmp.resolve("mirror");
        artifact(mirror, "mirrored", "");
        MavenResolver r = MavenResolver.fromSettings(settings("<offline>true</offline><localRepository>" + tmp.resolve("local")
                + "</localRepository><mirrors><mirror><id>m</id><mirrorOf>*</mirrorOf><url>" + mirror.toUri() + "</url></mirror></mirrors>"), null);
        assertTrue(r.offline());
        assertEquals(List.of("app-1.0.jar", "util-1.0.jar"), names(r.resolve(List.of("dev.example:app:1.0"))), "the local repository still serves");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.resolve(List.of("dev.example:mirrored:1.0")));
        assertTrue(e.getMessage().contains("offline"), e.getMessage());
    }

    @Test
    void settingsProxyIsUsedExceptForItsNonProxyHosts() throws IOException {
        MavenResolver r = MavenResolver.fromSettings(settings("<proxies><proxy><id>p</id><active>true</active><protocol>https</protocol>"
                + "<host>proxy.example</host><port>3128</port><nonProxyHosts>repo.internal</nonProxyHosts></proxy></proxies>"), null);
        assertEquals(MavenResolver.CENTRAL + " via proxy.example:3128", r.effectiveUrl("central", MavenResolver.CENTRAL));
        assertEquals("https://repo.internal/maven/", r.effectiveUrl("internal", "https://repo.internal/maven/"));
    }

    @Test
    void aBrokenSettingsFileIsNamed() throws IOException {
        Path bad = settings("<mirrors><mirror>");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MavenResolver.fromSettings(bad, null));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }
}
