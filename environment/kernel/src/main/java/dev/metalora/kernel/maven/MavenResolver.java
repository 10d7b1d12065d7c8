package dev.metalora.kernel.maven;

import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Profile;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;

import java.io.File;
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
 * Maven installation): the local repository first ({@code maven.repo.local}, else settings.xml's
 * {@code <localRepository>}, else {@code ~/.m2/repository}), then Maven Central, the repositories
 * of settings.xml's active profiles and any repository added with {@code %mavenRepo}.
 *
 * <p>{@code ~/.m2/settings.xml} (and {@code $MAVEN_HOME/conf/settings.xml}) are read by Maven's own
 * settings builder and honoured as Maven does: {@code <offline>}, {@code <mirrors>},
 * {@code <proxies>} and the credentials of {@code <servers>}.
 */
public final class MavenResolver {
    public static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private final RepositorySystem system;
    private final DefaultRepositorySystemSession session;
    private final Map<String, RemoteRepository> remotes = new LinkedHashMap<>();

    /** Resolver configured by the user's {@code ~/.m2/settings.xml} and Maven's global settings, where they exist. */
    public static MavenResolver standard() {
        Path user = Path.of(System.getProperty("user.home"), ".m2", "settings.xml");
        String mavenHome = System.getProperty("maven.home", System.getenv().getOrDefault("MAVEN_HOME", System.getenv("M2_HOME")));
        Path global = mavenHome == null ? null : Path.of(mavenHome, "conf", "settings.xml");
        return fromSettings(user, global);
    }

    /**
     * Resolver configured as Maven is by these settings files (either may be null or absent):
     * local repository, offline mode, mirrors, proxies, server credentials, then Maven Central and
     * the repositories of the active profiles.
     *
     * @throws IllegalArgumentException naming the file when a settings file cannot be read
     */
    public static MavenResolver fromSettings(Path userSettings, Path globalSettings) {
        Settings settings = readSettings(userSettings, globalSettings);
        String local = System.getProperty("maven.repo.local");
        if (local == null) {
            local = settings.getLocalRepository() != null && !settings.getLocalRepository().isBlank()
                    ? settings.getLocalRepository()
                    : Path.of(System.getProperty("user.home"), ".m2", "repository").toString();
        }
        MavenResolver r = new MavenResolver(Path.of(local), settings);
        r.addRepository("central", CENTRAL);
        List<String> active = new ArrayList<>(settings.getActiveProfiles());
        for (Profile p : settings.getProfiles()) {
            if (active.contains(p.getId()) || (p.getActivation() != null && p.getActivation().isActiveByDefault())) {
                for (org.apache.maven.settings.Repository repo : p.getRepositories()) {
                    r.addRepository(repo.getId(), repo.getUrl());
                }
            }
        }
        return r;
    }

    private static Settings readSettings(Path user, Path global) {
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
        if (user != null) {
            request.setUserSettingsFile(user.toFile());
        }
        if (global != null) {
            request.setGlobalSettingsFile(global.toFile());
        }
        Properties sys = new Properties();
        sys.putAll(System.getProperties());
        request.setSystemProperties(sys);
        try {
            return new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings();
        } catch (SettingsBuildingException e) {
            throw new IllegalArgumentException("cannot read Maven settings (" + user + ", " + global + "): " + e.getMessage(), e);
        }
    }

    /** A resolver with only a local repository and no settings; add remote ones with {@link #addRepository}. */
    public MavenResolver(Path localRepository) {
        this(localRepository, new Settings());
    }

    private MavenResolver(Path localRepository, Settings settings) {
        this.system = new RepositorySystemSupplier().get();
        this.session = MavenRepositorySystemUtils.newSession();
        Properties sys = new Properties();
        sys.putAll(System.getProperties());
        session.setSystemProperties(sys);
        session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(localRepository.toFile())));
        session.setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_WARN);
        session.setConfigProperty("aether.connector.connectTimeout", 10_000);
        session.setConfigProperty("aether.connector.requestTimeout", 60_000);
        apply(settings);
        session.setReadOnly();
    }

    /** settings.xml's offline mode, mirrors, proxies and server credentials, as Maven applies them. */
    private void apply(Settings settings) {
        session.setOffline(settings.isOffline());
        DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
        for (Mirror m : settings.getMirrors()) {
            mirrors.add(m.getId(), m.getUrl(), m.getLayout(), false, m.isBlocked(), m.getMirrorOf(), m.getMirrorOfLayouts());
        }
        session.setMirrorSelector(mirrors);
        DefaultProxySelector proxies = new DefaultProxySelector();
        for (org.apache.maven.settings.Proxy p : settings.getProxies()) {
            if (p.isActive()) {
                Authentication auth = p.getUsername() == null ? null
                        : new AuthenticationBuilder().addUsername(p.getUsername()).addPassword(p.getPassword()).build();
                proxies.add(new org.eclipse.aether.repository.Proxy(p.getProtocol(), p.getHost(), p.getPort(), auth), p.getNonProxyHosts());
            }
        }
        session.setProxySelector(proxies);
        DefaultAuthenticationSelector servers = new DefaultAuthenticationSelector();
        for (Server s : settings.getServers()) {
            if (s.getUsername() != null || s.getPrivateKey() != null) {
                servers.add(s.getId(), new AuthenticationBuilder().addUsername(s.getUsername()).addPassword(s.getPassword())
                        .addPrivateKey(s.getPrivateKey(), s.getPassphrase()).build());
            }
        }
        session.setAuthenticationSelector(servers);
    }

    /** Whether settings.xml put Maven offline (only the local repository is searched). */
    public boolean offline() {
        return session.isOffline();
    }

    /**
     * Where a repository's artifacts really come from once settings.xml is applied: the URL of its
     * mirror, or its own; and the proxy host:port in use, if any ({@code "https://m/ via proxy:3128"}).
     */
    public String effectiveUrl(String id, String url) {
        RemoteRepository r = system.newResolutionRepositories(session,
                List.of(new RemoteRepository.Builder(id, "default", url).build())).get(0);
        return r.getUrl() + (r.getProxy() == null ? "" : " via " + r.getProxy().getHost() + ":" + r.getProxy().getPort());
    }

    /** Adds (or replaces) a remote repository searched after the local one. */
    public void addRepository(String id, String url) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("repository id is blank; usage: %mavenRepo ID URL");
        }
        remotes.put(id, repository(id, url));
    }

    private static RemoteRepository repository(String id, String url) {
        if (url == null || !url.matches("(?i)(https?|file)://.+")) {
            throw new IllegalArgumentException("repository url '" + url + "' for '" + id + "': expected an http(s):// or file:// URL");
        }
        return new RemoteRepository.Builder(id, "default", url).build();
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
        return resolve(coordinates, List.of());
    }

    /**
     * As {@link #resolve(List)}, searching the repositories at {@code fromUrls} first, for this
     * call only ({@code %maven ... from=URL}, as in JJava).
     */
    public List<Path> resolve(List<String> coordinates, List<String> fromUrls) {
        List<Dependency> deps = new ArrayList<>();
        for (String c : coordinates) {
            deps.add(new Dependency(artifact(c), JavaScopes.RUNTIME));
        }
        List<RemoteRepository> extra = new ArrayList<>();
        for (String url : fromUrls) {
            extra.add(repository("from-" + extra.size(), url));
        }
        return resolveDependencies(deps, coordinates.toString(), extra);
    }

    private static Artifact artifact(String coordinate) {
        try {
            return new DefaultArtifact(coordinate.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad Maven coordinate '" + coordinate
                    + "': expected GROUP:ARTIFACT:VERSION (or GROUP:ARTIFACT:EXTENSION[:CLASSIFIER]:VERSION)", e);
        }
    }

    private List<Path> resolveDependencies(List<Dependency> deps, String what, List<RemoteRepository> first) {
        if (deps.isEmpty()) {
            return List.of();
        }
        List<RemoteRepository> searched = new ArrayList<>(first);
        searched.addAll(remotes.values());
        // mirrors, proxies and credentials of settings.xml
        searched = system.newResolutionRepositories(session, searched);
        CollectRequest collect = new CollectRequest(deps, List.of(), searched);
        DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
        try {
            List<Path> files = new ArrayList<>();
            for (ArtifactResult r : system.resolveDependencies(session, request).getArtifactResults()) {
                files.add(r.getArtifact().getFile().toPath());
            }
            return files;
        } catch (DependencyResolutionException e) {
            String where = session.isOffline() ? " (Maven is offline by settings.xml: searched only the local repository "
                    + session.getLocalRepository().getBasedir() + ")"
                    : " (searched the local repository " + session.getLocalRepository().getBasedir() + " and "
                    + searched.stream().map(r -> r.getId() + " " + r.getUrl()).toList() + ")";
            throw new IllegalArgumentException("cannot resolve " + what + where + ": " + rootMessage(e), e);
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
                + deps.stream().map(d -> d.getArtifact().toString()).toList(), List.of());
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
