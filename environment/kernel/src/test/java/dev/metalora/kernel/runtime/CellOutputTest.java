package dev.metalora.kernel.runtime;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CellOutputTest {

    /** Records each flushed chunk with its stream's name, as basekernel turns each flush into one message. */
    private static final class Messages {
        final List<String> sent = new ArrayList<>();

        PrintStream stream(String name) {
            return new PrintStream(new OutputStream() {
                private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

                @Override
                public void write(int b) {
                    buf.write(b);
                }

                @Override
                public void flush() {
                    if (buf.size() > 0) {
                        synchronized (Messages.this) {
                            sent.add(name + ":" + buf.toString(StandardCharsets.UTF_8));
                        }
                        buf.reset();
                    }
                }
            }, true, StandardCharsets.UTF_8);
        }

        synchronized List<String> snapshot() {
            return List.copyOf(sent);
        }
    }

    @Test
    void manyLinesArriveWholeInFewMessages() {
        Messages m = new Messages();
        StringBuilder expected = new StringBuilder();
        try (CellOutput cell = new CellOutput(m.stream("out"), m.stream("err"))) {
            for (int i = 0; i < 100_000; i++) {
                cell.stdout().println("line " + i);
                expected.append("line ").append(i).append('\n');
            }
        }
        List<String> sent = m.snapshot();
        assertEquals(expected.toString(), String.join("", sent).replace("out:", ""));
        // 1.2 MB in 1 MiB chunks plus one per 0.2 s interval: far below ZeroMQ's high-water mark of 1000
        assertTrue(sent.size() < 50, sent.size() + " messages");
        assertTrue(sent.stream().allMatch(s -> s.endsWith("\n")), "every message ends at a line end");
    }

    @Test
    void oneLongLineIsCutOnlyAtCharacterBoundaries() {
        Messages m = new Messages();
        String line = "é".repeat(3 * CellOutput.FLUSH_BYTES / 2 + 1); // 2 bytes each: a cut could split one
        try (CellOutput cell = new CellOutput(m.stream("out"), m.stream("err"))) {
            cell.stdout().print(line);
        }
        List<String> sent = m.snapshot();
        assertTrue(sent.size() >= 3, "sent in pieces of at most FLUSH_BYTES");
        assertEquals(line, String.join("", sent).replace("out:", ""), "no character split (no U+FFFD)");
    }

    @Test
    void stdoutAndStderrKeepTheirOrder() {
        Messages m = new Messages();
        try (CellOutput cell = new CellOutput(m.stream("out"), m.stream("err"))) {
            cell.stdout().println("a");
            cell.stdout().println("b");
            cell.stderr().println("warning");
            cell.stdout().println("c");
        }
        assertEquals(List.of("out:a\nb\n", "err:warning\n", "out:c\n"), m.snapshot());
    }

    @Test
    void printfRowsArriveAsWholeLinesWhileTheCellRuns() throws Exception {
        Messages m = new Messages();
        try (CellOutput cell = new CellOutput(m.stream("out"), m.stream("err"))) {
            for (int row = 0; row < 8; row++) {
                cell.stdout().printf("%6d", row);
                Thread.sleep(CellOutput.FLUSH_INTERVAL_MS / 4); // ticks land between the pieces of a row
                cell.stdout().printf("   %8.2f%n", row * 1.5);
            }
            Thread.sleep(CellOutput.FLUSH_INTERVAL_MS * 2);
            assertFalse(m.snapshot().isEmpty(), "output is sent while the cell runs, not only at its end");
        }
        List<String> sent = m.snapshot();
        assertTrue(sent.stream().allMatch(s -> s.endsWith("\n")), sent.toString());
        assertEquals(8, String.join("", sent).split("\n").length);
    }

    @Test
    void aPartialLineIsSentAfterWaitingOneInterval() throws Exception {
        Messages m = new Messages();
        try (CellOutput cell = new CellOutput(m.stream("out"), m.stream("err"))) {
            cell.stdout().print("Enter a number: ");
            Thread.sleep(CellOutput.FLUSH_INTERVAL_MS * 3);
            assertEquals(List.of("out:Enter a number: "), m.snapshot());
            cell.stdout().print("done");
        }
        assertEquals(List.of("out:Enter a number: ", "out:done"), m.snapshot());
    }

    @Test
    void flushSendsAtOnceAndCloseSendsTheRestThenDropsLateWrites() {
        Messages m = new Messages();
        CellOutput cell = new CellOutput(m.stream("out"), m.stream("err"));
        cell.stdout().print("before display");
        cell.flush();
        assertEquals(List.of("out:before display"), m.snapshot());
        cell.stdout().print("tail");
        cell.close();
        cell.stdout().print("from a thread the cell left running");
        cell.close();
        assertEquals(List.of("out:before display", "out:tail"), m.snapshot());
    }
}
