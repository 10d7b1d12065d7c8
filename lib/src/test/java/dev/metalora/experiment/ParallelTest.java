package dev.metalora.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class ParallelTest {

    @Test
    void resultsComeBackInInputOrder() {
        List<Integer> in = IntStream.range(0, 20).boxed().toList();
        List<Integer> out = Parallel.map(in, i -> {
            try {
                Thread.sleep((20 - i) % 7); // finish out of order
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return i * i;
        });
        assertEquals(in.stream().map(i -> i * i).toList(), out);
    }

    @Test
    void usesAtMostTheAvailableProcessors() {
        var names = ConcurrentHashMap.<String>newKeySet();
        Parallel.map(IntStream.range(0, 12).boxed().toList(), i -> names.add(Thread.currentThread().getName()));
        assertTrue(names.size() <= Parallel.threads(), names.toString());
    }

    @Test
    void aFailureIsRethrownAsThrown() {
        var e = assertThrows(IllegalArgumentException.class, () -> Parallel.map(List.of(1, 2, 3), i -> {
            if (i == 2) {
                throw new IllegalArgumentException("tasks: 2 is bad");
            }
            return i;
        }));
        assertEquals("tasks: 2 is bad", e.getMessage());
    }
}
