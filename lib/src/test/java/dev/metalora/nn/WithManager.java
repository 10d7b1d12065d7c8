package dev.metalora.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The fixture of tests that use DJL: one CPU manager per test class, closed at the end. */
public abstract class WithManager {
    protected static NDManager manager;

    @BeforeAll
    public static void openManager() {
        manager = NnRuntime.newManager(Device.cpu());
    }

    @AfterAll
    public static void closeManager() {
        manager.close();
    }
}
