package dev.metalora.nn;

import ai.djl.Device;
import ai.djl.engine.StandardCapabilities;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class DevicesTest {

    @Test
    void namesAreCanonicalisedOrRejected() {
        assertEquals("cpu", Devices.canonical(" CPU "));
        assertEquals("gpu:0", Devices.canonical("gpu"));
        assertEquals("gpu:2", Devices.canonical("gpu:2"));
        assertTrue(Devices.isGpu("cuda"));
        assertFalse(Devices.isGpu("cpu"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.canonical("tpu"));
        assertTrue(e.getMessage().startsWith("device: 'tpu'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Devices.canonical("gpu:-1"));
    }

    @Test
    void cpuIsAlwaysUsable() {
        assertEquals(Device.cpu(), Devices.pytorch("cpu"));
        assertEquals(Device.cpu(), Devices.resolve("cpu", false, 0));
    }

    @Test
    void gpuResolvesWhereCudaNativesSeeEnoughGpus() {
        assertEquals(Device.gpu(0), Devices.resolve("gpu", true, 1));
        assertEquals(Device.gpu(1), Devices.resolve("gpu:1", true, 2));
    }

    @Test
    void gpuWithCpuNativesFailsWithHowToEnable() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Devices.resolve("gpu", false, 1));
        assertTrue(e.getMessage().contains("CPU-only"), e.getMessage());
        assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
    }

    @Test
    void gpuWithoutDeviceFailsWithHowToEnable() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Devices.resolve("gpu:1", true, 1));
        assertTrue(e.getMessage().contains("sees 1 GPU"), e.getMessage());
        assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
    }

    @Test
    void gpuOnThisMachineFailsAtOnceUnlessOneIsUsable() {
        var engine = NnRuntime.engine();
        assumeFalse(engine.hasCapability(StandardCapabilities.CUDA) && engine.getGpuCount() > 0,
                "a usable GPU is present");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Devices.pytorch("gpu"));
        assertTrue(e.getMessage().contains("no GPU is usable"), e.getMessage());
    }

    @Test
    void nd4jOnItsCpuBackendFailsTheGpuCheck() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Devices.checkNd4jBackend("org.nd4j.linalg.cpu.nativecpu.CpuBackend"));
        assertTrue(e.getMessage().contains("CpuBackend"), e.getMessage());
        assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
        Devices.checkNd4jBackend("org.nd4j.linalg.jcublas.JCublasBackend");
    }

    @Test
    void nd4jHereRunsOnItsCpuBackendSoTheGpuCheckFails() {
        String backend = org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName();
        assumeFalse(backend.contains("jcublas"), "ND4J runs on CUDA here");
        IllegalStateException e = assertThrows(IllegalStateException.class, Devices::requireNd4jGpu);
        assertTrue(e.getMessage().contains(backend), e.getMessage());
    }
}
