package dev.metalora.kernel.runtime;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoalescingStreamTest {

    /** Records each flushed chunk, as basekernel's stream turns each flush into one message. */
    private static final class Messages extends OutputStream {
        final List<String> sent = new ArrayList<>();
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            buf.write(b);
        }

        @Override
        public synchronized void flush() {
            if (buf.size() > 0) {
                sent.add(buf.toString(StandardCharsets.UTF_8));
                buf.reset();
            }
        }
    }

    @Test
    void formattedLinesArriveAsOneMessageEach() {
        Messages messages = new Messages();
        PrintStream out = CoalescingStream.over(new PrintStream(messages, true));
        out.printf("%6d   %20.2f   %9.4f%n", 1000, 26.47, 0.1);
        out.printf("%6d   %20.2f   %9.4f%n", 5000, 26.62, 0.0447);
        assertEquals(List.of(String.format("%6d   %20.2f   %9.4f%n", 1000, 26.47, 0.1),
                String.format("%6d   %20.2f   %9.4f%n", 5000, 26.62, 0.0447)), messages.sent);
    }

    @Test
    void aPartialLineIsSentAfterTheLingerTimeAndTheRestOnClose() throws Exception {
        Messages messages = new Messages();
        PrintStream out = CoalescingStream.over(new PrintStream(messages, true));
        out.print("working");
        Thread.sleep(CoalescingStream.LINGER_MS * 5);
        synchronized (messages) {
            assertEquals(List.of("working"), messages.sent, "a partial line waits at most the linger time");
        }
        out.print(" done");
        out.close();
        assertEquals(List.of("working", " done"), messages.sent);
        assertTrue(messages.sent.stream().noneMatch(String::isEmpty));
    }
}
