package dev.metalora.kernel.jshell;

import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A JShell whose snippets run in this JVM: evaluates a cell snippet by snippet, keeps state across
 * cells, and answers completeness, completion and documentation queries from JShell's source analysis.
 */
public final class JShellEvaluator implements AutoCloseable {
    private static final Set<Snippet.SubKind> VALUE_KINDS = Set.of(
            Snippet.SubKind.VAR_VALUE_SUBKIND,
            Snippet.SubKind.OTHER_EXPRESSION_SUBKIND,
            Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);

    private final SnippetLoader loader;
    private final InProcessExecutionControl control;
    private final JShell shell;
    private final SourceCodeAnalysis analysis;

    /**
     * @param parent          the loader cells delegate to (the kernel's)
     * @param compilerOptions extra javac options (IJAVA_COMPILER_OPTS)
     * @param timeout         per-snippet time limit, or {@code null} (IJAVA_TIMEOUT)
     */
    public JShellEvaluator(ClassLoader parent, List<String> compilerOptions, Duration timeout) {
        this.loader = new SnippetLoader(parent);
        this.control = new InProcessExecutionControl(loader, timeout);
        ExecutionControlProvider provider = new ExecutionControlProvider() {
            @Override
            public String name() {
                return "metalora-in-process";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
        this.shell = JShell.builder()
                .out(new PrintStream(new SystemStream(true), true))
                .err(new PrintStream(new SystemStream(false), true))
                .in(new InputStream() {
                    @Override
                    public int read() throws java.io.IOException {
                        return System.in.read();
                    }
                })
                .executionEngine(provider, Map.of())
                .compilerOptions(compilerOptions.toArray(String[]::new))
                .build();
        this.analysis = shell.sourceCodeAnalysis();
    }

    /** The loader of cell classes and added jars (also the cell thread's context loader). */
    public ClassLoader classLoader() {
        return loader.classLoader();
    }

    /** Adds jars or folders (separated by the path separator) for compiling and running cells. */
    public void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /**
     * Evaluates a cell's code, one snippet after another, stopping at the first error.
     *
     * @return the live value of the last snippet when it is an expression with a non-null value
     */
    public Optional<Object> eval(String code) throws Exception {
        Optional<Object> last = Optional.empty();
        try {
            for (Piece piece : split(code)) {
                last = evalSnippet(piece.source(), code, piece.offset());
            }
            return last;
        } finally {
            control.clearResults();
        }
    }

    /** A complete snippet of a cell and where its text starts in the cell. */
    private record Piece(String source, int offset) {
    }

    /** Splits a cell into snippets before running any, so an unfinished cell runs nothing. */
    private List<Piece> split(String code) throws IncompleteInputException {
        List<Piece> snippets = new ArrayList<>();
        String rest = code;
        while (true) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                return snippets;
            }
            if (!info.completeness().isComplete()) {
                throw new IncompleteInputException(rest);
            }
            snippets.add(new Piece(info.source(), code.length() - rest.length()));
            rest = info.remaining();
        }
    }

    private Optional<Object> evalSnippet(String source, String cell, int offset) throws Exception {
        List<SnippetEvent> events = shell.eval(source);
        Optional<Object> value = Optional.empty();
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            JShellException thrown = event.exception();
            if (thrown instanceof UnresolvedReferenceException u) {
                throw EvaluationException.unresolved(u.getSnippet().source(),
                        shell.unresolvedDependencies(u.getSnippet()).toList());
            }
            if (thrown != null) {
                throw EvaluationException.of(thrown);
            }
            if (event.status() == Snippet.Status.REJECTED) {
                throw new CompilationException(problems(event.snippet(), cell, offset));
            }
            Optional<Object> v = control.takeResult(event.value());
            value = VALUE_KINDS.contains(event.snippet().subKind()) ? v : Optional.empty();
        }
        return value;
    }

    private List<CompilationException.Problem> problems(Snippet snippet, String cell, int offset) {
        String source = snippet.source();
        int start = cell.indexOf(source.strip().lines().findFirst().orElse(""), offset);
        int base = start >= 0 ? start : offset;
        List<CompilationException.Problem> problems = new ArrayList<>();
        for (Diag d : (Iterable<Diag>) shell.diagnostics(snippet)::iterator) {
            if (!d.isError()) {
                continue;
            }
            int from = base + (int) Math.max(0, d.getStartPosition() - leadingSpace(source));
            int to = base + (int) Math.max(0, d.getEndPosition() - leadingSpace(source));
            problems.add(problem(d.getMessage(Locale.ROOT), cell, Math.min(from, cell.length()), Math.min(to, cell.length())));
        }
        return problems;
    }

    private static int leadingSpace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Locates a character range of the cell as a line, a column and a length on that line. */
    static CompilationException.Problem problem(String message, String cell, int from, int to) {
        int lineStart = cell.lastIndexOf('\n', Math.max(0, from - 1)) + 1;
        if (from == 0) {
            lineStart = 0;
        }
        int lineEnd = cell.indexOf('\n', from);
        if (lineEnd < 0) {
            lineEnd = cell.length();
        }
        int line = 1 + (int) cell.substring(0, lineStart).chars().filter(c -> c == '\n').count();
        int length = Math.max(1, Math.min(to, lineEnd) - from);
        return new CompilationException.Problem(message, line, cell.substring(lineStart, lineEnd), from - lineStart, length);
    }

    /** Whether a cell can run as it is: complete, incomplete (waits for more lines) or invalid. */
    public Completeness completeness(String code) {
        String rest = code;
        while (true) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case EMPTY:
                    return Completeness.COMPLETE;
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    rest = info.remaining();
                    break;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return Completeness.INCOMPLETE;
                default:
                    return Completeness.INVALID;
            }
        }
    }

    /** Outcome of {@link #completeness}. */
    public enum Completeness { COMPLETE, INCOMPLETE, INVALID }

    /**
     * Completions at the cursor.
     *
     * @return the replacement texts (expression-type matches first) and where they start
     */
    public Completions complete(String code, int cursor) {
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(code, cursor, anchor);
        List<String> options = suggestions.stream()
                .sorted(Comparator.comparing(s -> !s.matchesType()))
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct()
                .toList();
        return new Completions(options, anchor[0], cursor);
    }

    /** Replacement texts for the range [start, end) of the cell. */
    public record Completions(List<String> options, int start, int end) {
    }

    /**
     * Documentation (signature and javadoc) of the identifier at the cursor, which may be anywhere
     * in the identifier or right after it. JShell answers method queries only right after an opening
     * parenthesis, so when the plain query finds nothing it is asked again as if the identifier were
     * followed by {@code (}. Falls back to the expression's type.
     */
    public List<String> documentation(String code, int cursor) {
        int at = Math.min(Math.max(cursor, 0), code.length());
        while (at < code.length() && Character.isJavaIdentifierPart(code.charAt(at))) {
            at++;
        }
        int paren = at;
        while (paren < code.length() && Character.isWhitespace(code.charAt(paren))) {
            paren++;
        }
        if (paren < code.length() && code.charAt(paren) == '(') {
            List<String> docs = docs(code, paren + 1);
            if (!docs.isEmpty()) {
                return docs;
            }
        }
        List<String> docs = docs(code, at);
        if (docs.isEmpty()) {
            docs = docs(code.substring(0, at) + "(" + code.substring(at), at + 1);
        }
        if (docs.isEmpty()) {
            String type = analysis.analyzeType(code.substring(0, at), at);
            if (type != null && !type.isBlank()) {
                String expr = identifierBefore(code, at);
                docs = List.of(expr.isEmpty() ? type : expr + " : " + type);
            }
        }
        return docs;
    }

    private List<String> docs(String code, int at) {
        try {
            return analysis.documentation(code, at, true).stream()
                    .map(d -> d.javadoc() == null || d.javadoc().isBlank() ? d.signature() : d.signature() + "\n" + d.javadoc())
                    .distinct()
                    .toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static String identifierBefore(String code, int at) {
        int from = at;
        while (from > 0 && (Character.isJavaIdentifierPart(code.charAt(from - 1)) || code.charAt(from - 1) == '.')) {
            from--;
        }
        return code.substring(from, at);
    }

    /** Starts a cell: forgets an interrupt that arrived while the kernel was idle. */
    public void beginCell() {
        control.resetStop();
    }

    /** True when an interrupt arrived during the current cell. */
    public boolean interrupted() {
        return control.stopRequested();
    }

    /** Interrupts the running snippet and the rest of the cell (safe from any thread). */
    public void interrupt() {
        shell.stop();
    }

    @Override
    public void close() {
        shell.close();
    }

    /** Writes to whatever System.out or System.err is at the time (the kernel swaps them per cell). */
    private static final class SystemStream extends OutputStream {
        private final boolean out;

        SystemStream(boolean out) {
            this.out = out;
        }

        private PrintStream target() {
            return out ? System.out : System.err;
        }

        @Override
        public void write(int b) {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target().write(b, off, len);
        }

        @Override
        public void flush() {
            target().flush();
        }
    }
}
