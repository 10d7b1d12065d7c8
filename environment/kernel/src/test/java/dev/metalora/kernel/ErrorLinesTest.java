package dev.metalora.kernel;

import dev.metalora.kernel.jshell.CompilationException;
import dev.metalora.kernel.jshell.IncompleteInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ErrorLinesTest {

    @Test
    void compileErrorShowsItsLineNumberMessageTheLineAndAMarkUnderTheOffendingCode() {
        CompilationException e = new CompilationException(List.of(new CompilationException.Problem(
                "cannot find symbol\n  symbol:   variable y\n  location: class", 3, "int z = y + 1;", 8, 1)));
        assertEquals(List.of(
                "Compilation error, line 3: cannot find symbol",
                "    symbol:   variable y",
                "    int z = y + 1;",
                "            ^"), ErrorLines.of(e));
    }

    @Test
    void multiCharacterProblemsAreUnderlinedOverTheirLength() {
        CompilationException e = new CompilationException(List.of(
                new CompilationException.Problem("incompatible types", 1, "int a = \"no\";", 8, 4)));
        assertEquals("            ^~~~", ErrorLines.of(e).get(2));
    }

    @Test
    void incompleteInputQuotesTheUnfinishedCode() {
        List<String> lines = ErrorLines.of(new IncompleteInputException("for (;;) {\n  step();"));
        assertTrue(lines.get(0).startsWith("Incomplete input"));
        assertEquals(List.of("    for (;;) {", "      step();"), lines.subList(1, 3));
    }

    @Test
    void badArgumentsShowOnlyTheirMessageAndOtherFailuresTheirStackTrace() {
        assertEquals(List.of("IllegalArgumentException: usage: %jars GLOB..."),
                ErrorLines.of(new IllegalArgumentException("usage: %jars GLOB...")));
        List<String> bug = ErrorLines.of(new IllegalStateException("kernel bug"));
        assertEquals("java.lang.IllegalStateException: kernel bug", bug.get(0));
        assertTrue(bug.get(1).startsWith("\tat "), bug.toString());
    }
}
