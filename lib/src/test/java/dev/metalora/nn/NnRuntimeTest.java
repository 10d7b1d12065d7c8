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
}
