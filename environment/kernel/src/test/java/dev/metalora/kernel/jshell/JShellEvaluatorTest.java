package dev.metalora.kernel.jshell;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class JShellEvaluatorTest {
    private static JShellEvaluator shell;

    @BeforeAll
    static void start() {
        shell = new JShellEvaluator(JShellEvaluatorTest.class.getClassLoader(), List.of(), null);
    }

    @AfterAll
    static void stop() {
        shell.close();
    }

    @Test
    void lastExpressionValueIsTheLiveObjectAndStateSurvivesCells() throws Exception {
        shell.eval("int answerBase = 21;");
        assertEquals(Optional.of(42), shell.eval("int twice = answerBase * 2;\ntwice"));
        Object first = shell.eval("var names = new java.util.ArrayList<String>(); names").orElseThrow();
        assertSame(first, shell.eval("names").orElseThrow(), "a bare variable yields the variable's object, not a copy");
        assertEquals(Optional.of("ok"), shell.eval("void f() {}\n\"ok\""));
    }

    @Test
    void declarationsAndVoidCallsHaveNoValue() throws Exception {
        assertEquals(Optional.empty(), shell.eval("int unused = 3;"));
        assertEquals(Optional.empty(), shell.eval("System.out.print(\"\")"));
        assertEquals(Optional.empty(), shell.eval("String nothing = null; nothing"));
    }

    @Test
    void compileErrorNamesTheMessageAndTheOffendingLineOfTheCell() {
        CompilationException e = assertThrows(CompilationException.class,
                () -> shell.eval("int fine = 1;\nint bad = \"text\";\nint never = 2;"));
        CompilationException.Problem p = e.problems().get(0);
        assertTrue(p.message().contains("incompatible types"), p.message());
        assertEquals(2, p.line());
        assertEquals("int bad = \"text\";", p.lineText());
        assertEquals("\"text\"", p.lineText().substring(p.column(), p.column() + p.length()));
    }

    @Test
    void runtimeExceptionCarriesClassMessageAndATraceTrimmedToTheCell() {
        EvaluationException e = assertThrows(EvaluationException.class, () -> shell.eval(
                "void explode() { throw new IllegalStateException(\"boom\", new ArithmeticException(\"root\")); }\nexplode();"));
        assertEquals("java.lang.IllegalStateException", e.exceptionClass());
        assertEquals("boom", e.exceptionMessage());
        String trace = String.join("\n", e.trace());
        assertTrue(trace.startsWith("java.lang.IllegalStateException: boom"), trace);
        assertTrue(trace.contains("explode(snippet #"), trace);
        assertTrue(trace.contains("Caused by: java.lang.ArithmeticException: root"), trace);
        assertFalse(trace.contains("jdk.internal.reflect") || trace.contains("dev.metalora.kernel"), trace);
    }

    @Test
    void completenessTellsOpenBracesFromInvalidInput() {
        assertEquals(JShellEvaluator.Completeness.COMPLETE, shell.completeness("int a = 1;\nSystem.out.println(a)"));
        assertEquals(JShellEvaluator.Completeness.INCOMPLETE, shell.completeness("for (int i = 0; i < 3; i++) {"));
        assertEquals(JShellEvaluator.Completeness.INCOMPLETE, shell.completeness("void g() {\n  int x = 1;"));
        assertEquals(JShellEvaluator.Completeness.INVALID, shell.completeness("int x = 1;\n}}"));
    }

    @Test
    void anUnfinishedCellIsAnErrorAndRunsNothing() {
        assertThrows(IncompleteInputException.class, () -> shell.eval("int ranBeforeTheOpenBrace = 1;\nif (true) {"));
        assertThrows(CompilationException.class, () -> shell.eval("ranBeforeTheOpenBrace"));
    }

    @Test
    void usingADeclarationWithAMissingDependencyNamesTheMissingPiece() throws Exception {
        shell.eval("int usesLater() { return definedLater(); }");
        EvaluationException e = assertThrows(EvaluationException.class, () -> shell.eval("usesLater()"));
        assertTrue(e.exceptionMessage().contains("definedLater"), e.exceptionMessage());
        shell.eval("int definedLater() { return 7; }");
        assertEquals(Optional.of(7), shell.eval("usesLater()"));
    }

    @Test
    void documentationIsFoundWithTheCursorAtTheEndOfAnIdentifier() {
        List<String> docs = shell.documentation("Math.max", "Math.max".length());
        assertFalse(docs.isEmpty());
        assertTrue(docs.get(0).contains("max("), docs.get(0));
        assertFalse(shell.documentation("Math.max", 6).isEmpty(), "cursor inside the identifier");
        assertFalse(shell.documentation("String.valueOf(1)", 10).isEmpty(), "cursor inside a call's name");
    }

    @Test
    void completionOffersMembersFromTheAnchor() {
        JShellEvaluator.Completions c = shell.complete("System.out.prin", 15);
        assertTrue(c.options().containsAll(List.of("print(", "println(", "printf(")), c.options().toString());
        assertEquals(11, c.start());
        assertEquals(15, c.end());
    }

    @Test
    void interruptStopsACellThatChecksAndTheNextCellRuns() throws Exception {
        CompletableFuture<Exception> outcome = evalInBackground("System.setProperty(\"cell.started\", \"checks\");\n"
                        + "while (!Thread.currentThread().isInterrupted()) { Thread.onSpinWait(); }\nThread.sleep(60_000);");
        awaitCellStart("checks");
        long t0 = System.nanoTime();
        shell.interrupt();
        Exception e = outcome.get(5, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(e instanceof EvaluationException, String.valueOf(e));
        assertEquals(InProcessExecutionControl.INTERRUPTED, ((EvaluationException) e).exceptionClass());
        assertTrue(seconds < 2, "stopped after " + seconds + " s");
        shell.beginCell();
        assertEquals(Optional.of(2), shell.eval("1 + 1"));
    }

    @Test
    void anInterruptedCellReportsTheExceptionItsCodeThrewOnInterruption() throws Exception {
        CompletableFuture<Exception> outcome = evalInBackground("for (long step = 0; ; step++) {\n"
                        + "  if (step == 0) System.setProperty(\"cell.started\", \"throws\");\n"
                        + "  if (Thread.interrupted()) throw new IllegalStateException(\"stopped at step \" + step);\n}");
        awaitCellStart("throws");
        shell.interrupt();
        Exception e = outcome.get(5, TimeUnit.SECONDS);
        assertTrue(e instanceof EvaluationException, String.valueOf(e));
        assertEquals("java.lang.IllegalStateException", ((EvaluationException) e).exceptionClass());
        assertTrue(((EvaluationException) e).exceptionMessage().startsWith("stopped at step "));
    }

    @Test
    void aCellThatIgnoresInterruptsIsAbandonedAndTheKernelComesBack() throws Exception {
        CompletableFuture<Exception> outcome = evalInBackground("System.setProperty(\"cell.started\", \"ignores\");\n"
                        + "for (int i = 0; i < 200; i++) { try { Thread.sleep(50); } catch (InterruptedException ignored) { } }");
        awaitCellStart("ignores");
        shell.interrupt();
        assertTrue(outcome.get(5, TimeUnit.SECONDS) instanceof EvaluationException);
        shell.beginCell();
        assertEquals(Optional.of(3), shell.eval("1 + 2"));
    }

    /** Evaluates a cell on another thread; completes with the exception it ended with, or null. */
    private static CompletableFuture<Exception> evalInBackground(String code) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                shell.beginCell();
                shell.eval(code);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
    }

    /** Waits until the cell under test is running (compiling a snippet can take a while). */
    private static void awaitCellStart(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!marker.equals(System.getProperty("cell.started")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
    }

    @Test
    void timeoutStopsALongSnippet() throws Exception {
        try (JShellEvaluator limited = new JShellEvaluator(getClass().getClassLoader(), List.of(), Duration.ofMillis(300))) {
            EvaluationException e = assertThrows(EvaluationException.class, () -> limited.eval("Thread.sleep(10_000);"));
            assertEquals(InProcessExecutionControl.TIMED_OUT, e.exceptionClass());
            assertEquals(Optional.of(5), limited.eval("2 + 3"));
        }
    }
}
