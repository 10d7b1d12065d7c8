package dev.metalora.language;

import dev.metalora.Experiments;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LanguageExperimentTest {

    @Test
    void aGpuThatIsNotHereFailsAtOnceSayingHowToEnableOne() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Experiments.language().device("gpu"));
        assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
    }

    @Test
    void theConfigurationRecordsItsDevice() {
        LanguageConfig c = Experiments.language().device("cpu").config();
        assertEquals("cpu", c.device());
        assertEquals("cpu", c.toJson().get("device").asText());
    }
}
