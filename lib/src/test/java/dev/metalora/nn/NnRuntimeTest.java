package dev.metalora.nn;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NnRuntimeTest {

    @Test
    void djlIsOfflineWithOneThreadEachByDefault() {
        NnRuntime.engine();
        assertEquals("true", System.getProperty("ai.djl.offline"));
        assertEquals(1, NnRuntime.intraOpThreads());
        assertEquals(1, NnRuntime.interOpThreads());
        assertEquals(1, ai.djl.pytorch.jni.JniUtils.getNumThreads(), "PyTorch's own intra-op count");
    }

    @Test
    void threadCountsAreFixedOnceTheEngineRunsExceptIntraOp() {
        NnRuntime.engine();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NnRuntime.configureThreads(2, 2));
        assertTrue(e.getMessage().contains("already started"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> NnRuntime.configureThreads(0, 1));
        assertTrue(bad.getMessage().startsWith("intraOp:"), bad.getMessage());
        try {
            NnRuntime.setIntraOpThreads(2);
            assertEquals(2, ai.djl.pytorch.jni.JniUtils.getNumThreads());
        } finally {
            NnRuntime.setIntraOpThreads(1);
        }
        assertEquals(1, ai.djl.pytorch.jni.JniUtils.getNumThreads());
    }

    @Test
    void nativeCacheIsWhereTheReadmeSays() {
        String configured = System.getenv("DJL_CACHE_DIR") != null ? System.getenv("DJL_CACHE_DIR")
                : System.getProperty("DJL_CACHE_DIR");
        Path expected = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".djl.ai");
        assertEquals(expected.toAbsolutePath().normalize(), NnRuntime.cacheDir().toAbsolutePath().normalize());
    }

    @Test
    void assignOverwritesValuesAndKeepsTheArrayAndItsGradient() {
        try (ai.djl.ndarray.NDManager m = NnRuntime.newManager(ai.djl.Device.cpu())) {
            ai.djl.ndarray.NDArray a = m.zeros(new ai.djl.ndarray.types.Shape(2, 3));
            a.setRequiresGradient(true);
            float[] v = {1, 2, 3, 4, 5, 6};
            NnRuntime.assign(a, v);
            v[0] = 99; // the array owns its copy
            org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, a.toFloatArray());
            assertEquals(new ai.djl.ndarray.types.Shape(2, 3), a.getShape());
            assertTrue(a.hasGradient());
            try (ai.djl.training.GradientCollector c = NnRuntime.engine().newGradientCollector()) {
                c.backward(a.mul(2).sum());
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2},
                    a.getGradient().toFloatArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NnRuntime.assign(a, new float[5]));
            assertTrue(e.getMessage().startsWith("values: 5"), e.getMessage());
        }
    }

    @Test
    void parallelJobsShareTheCoresWithoutOversubscribing() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores, NnRuntime.intraOpThreadsFor(1));
        for (int jobs = 1; jobs <= 2 * cores; jobs++) {
            int each = NnRuntime.intraOpThreadsFor(jobs);
            assertTrue(each >= 1 && (jobs > cores || jobs * each <= cores) && jobs * (each + 1) > cores,
                    jobs + " jobs get " + each + " threads each on " + cores + " cores");
        }
        assertThrows(IllegalArgumentException.class, () -> NnRuntime.intraOpThreadsFor(0));
    }
}
