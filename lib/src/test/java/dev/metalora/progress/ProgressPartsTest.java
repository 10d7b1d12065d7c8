package dev.metalora.progress;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class ProgressPartsTest {

    @Test
    void partsStepOneSharedProgressSizedForAllParts() throws Exception {
        AtomicLong total = new AtomicLong(), done = new AtomicLong(), starts = new AtomicLong();
        Progress shared = new Progress() {
            @Override
            public void start(String label, long t) {
                starts.incrementAndGet();
                total.set(t);
            }

            @Override
            public void step(long n) {
                done.addAndGet(n);
            }

            @Override
            public void close() {
            }
        };
        ProgressParts parts = new ProgressParts(shared, "sweep over tasks", 3);
        Thread[] runs = new Thread[3];
        for (int r = 0; r < 3; r++) {
            runs[r] = new Thread(() -> {
                try (Progress p = parts.part()) {
                    p.start("one value", 1000);
                    for (int i = 0; i < 1000; i++) {
                        p.step(1);
                    }
                }
            });
            runs[r].start();
        }
        for (Thread t : runs) {
            t.join();
        }
        assertEquals(1, starts.get());
        assertEquals(3000, total.get());
        assertEquals(3000, done.get());
    }
}
