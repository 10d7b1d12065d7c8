package dev.metalora.vision;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.metalora.nn.NnRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests of this package share the pattern: one CPU manager per test class, closed at the end. */
abstract class WithManager {
    static NDManager manager;

    @BeforeAll
    static void openManager() {
        manager = NnRuntime.newManager(Device.cpu());
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }
}
