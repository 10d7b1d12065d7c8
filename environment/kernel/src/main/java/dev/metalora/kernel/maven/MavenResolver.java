package dev.metalora.kernel.maven;

import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves Maven coordinates with their transitive run-time dependencies (Maven Resolver, no
 * Maven installation): the local repository first ({@code maven.repo.local}, else
 * {@code ~/.m2/repository}), then Maven Central and any repository added with {@code %addMavenRepo}.
 */
public final class MavenResolver {
    public static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private final RepositorySystem system;
    private final DefaultRepositorySystemSession session;
    private final Map<String, RemoteRepository> remotes = new LinkedHashMap<>();

    /** Resolver over {@code ~/.m2/repository} (or {@code maven.repo.local}) and Maven Central. */
    public static MavenResolver standard() {
        String local = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        MavenResolver r = new MavenResolver(Path.of(local));
        r.addRepository("central", CENTRAL);
        return r;
    }

    /** A resolver with only a local repository; add remote ones with {@link #addRepository}. */
    public MavenResolver(Path localRepository) {
        this.system = new RepositorySystemSupplier().get();
        this.session = MavenRepositorySystemUtils.newSession();
        Properties sys = new Properties();
        sys.putAll(System.getProperties());
        session.setSystemProperties(sys);
        session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(localRepository.toFile())));
        session.setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_WARN);
        session.setConfigProperty("aether.connector.connectTimeout", 10_000);
        session.setConfigProperty("aether.connector.requestTimeout", 60_000);
        session.setReadOnly();
    }

    /** Adds (or replaces) a remote repository searched after the local one. */
    public void addRepository(String id, String url) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("repository id is blank; usage: %addMavenRepo ID URL");
        }
        if (url == null || !url.matches("(?i)(https?|file)://.+")) {
            throw new IllegalArgumentException("repository url '" + url + "' for '" + id + "': expected an http(s):// or file:// URL");
        }
        remotes.put(id, new RemoteRepository.Builder(id, "default", url).build());
    }

    /** The remote repositories in search order (after the local repository). */
    public List<String> repositories() {
        return remotes.values().stream().map(r -> r.getId() + " " + r.getUrl()).toList();
    }

    /**
     * Resolves {@code GROUP:ARTIFACT[:EXTENSION[:CLASSIFIER]]:VERSION} coordinates and their
     * transitive compile and runtime dependencies.
     *
     * @return the jar files, dependencies after their dependents
     * @throws IllegalArgumentException naming the coordinate when one is malformed or cannot be resolved
     */
    public List<Path> resolve(List<String> coordinates) {
        List<Dependency> deps = new ArrayList<>();
        for (String c : coordinates) {
            deps.add(new Dependency(artifact(c), JavaScopes.RUNTIME));
        }
        return resolveDependencies(deps, coordinates.toString());
    }

    private static Artifact artifact(String coordinate) {
        try {
            return new DefaultArtifact(coordinate.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad Maven coordinate '" + coordinate
                    + "': expected GROUP:ARTIFACT:VERSION (or GROUP:ARTIFACT:EXTENSION[:CLASSIFIER]:VERSION)", e);
        }
    }

    private List<Path> resolveDependencies(List<Dependency> deps, String what) {
        if (deps.isEmpty()) {
            return List.of();
        }
        CollectRequest collect = new CollectRequest(deps, List.of(), List.copyOf(remotes.values()));
        DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
        try {
            List<Path> files = new ArrayList<>();
            for (ArtifactResult r : system.resolveDependencies(session, request).getArtifactResults()) {
                files.add(r.getArtifact().getFile().toPath());
            }
            return files;
        } catch (DependencyResolutionException e) {
            throw new IllegalArgumentException("cannot resolve " + what + " (searched the local repository "
                    + session.getLocalRepository().getBasedir() + " and " + repositories() + "): " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        String msg = e.getMessage();
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                msg = t.getMessage();
            }
        }
        return msg;
    }

    /**
     * Resolves the dependencies of a POM (a whole {@code <project>}, or just its
     * {@code <dependencies>} and {@code <repositories>} sections), after adding its repositories.
     * {@code ${...}} references to the POM's properties and {@code project.version} are expanded.
     */
    public List<Path> resolvePom(String pomXml) {
        String xml = pomXml.strip();
        if (!xml.contains("<project")) {
            xml = "<project><modelVersion>4.0.0</modelVersion><groupId>notebook</groupId><artifactId>cell</artifactId>"
                    + "<version>0</version>" + xml + "</project>";
        }
        Model model;
        try {
            model = new MavenXpp3Reader().read(new StringReader(xml));
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot read the POM: " + e.getMessage(), e);
        }
        Properties props = new Properties();
        props.putAll(model.getProperties());
        if (model.getVersion() != null) {
            props.setProperty("project.version", model.getVersion());
        }
        for (org.apache.maven.model.Repository repo : model.getRepositories()) {
            addRepository(expand(repo.getId(), props), expand(repo.getUrl(), props));
        }
        List<Dependency> deps = new ArrayList<>();
        for (org.apache.maven.model.Dependency d : model.getDependencies()) {
            String scope = d.getScope() == null ? JavaScopes.COMPILE : d.getScope();
            if (scope.equals(JavaScopes.TEST) || scope.equals(JavaScopes.SYSTEM)) {
                continue;
            }
            Artifact a = new DefaultArtifact(expand(d.getGroupId(), props), expand(d.getArtifactId(), props),
                    expand(d.getClassifier(), props), d.getType() == null ? "jar" : expand(d.getType(), props),
                    expand(d.getVersion(), props));
            List<Exclusion> exclusions = d.getExclusions().stream()
                    .map(x -> new Exclusion(x.getGroupId(), x.getArtifactId(), "*", "*")).toList();
            deps.add(new Dependency(a, JavaScopes.RUNTIME, d.isOptional(), exclusions));
        }
        return resolveDependencies(deps, "the POM's dependencies "
                + deps.stream().map(d -> d.getArtifact().toString()).toList());
    }

    static String expand(String value, Properties props) {
        if (value == null) {
            return null;
        }
        Matcher m = PROPERTY.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = props.getProperty(m.group(1), System.getProperty(m.group(1)));
            if (v == null) {
                throw new IllegalArgumentException("undefined property ${" + m.group(1) + "} in '" + value + "'");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
