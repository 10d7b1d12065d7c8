package dev.metalora.results;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ResultTest {
    private record Loss(double value) implements Result {
        @Override
        public String summary() {
            return "loss " + value;
        }

        @Override
        public JsonNode toJson() {
            return Json.object().put("loss", value);
        }
    }

    @Test
    void saveWritesTheJsonAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = new Loss(0.25).save(dir.resolve("results/loss.json"));
        assertEquals(0.25, Json.mapper().readTree(file.toFile()).get("loss").asDouble());
        new Loss(0.5).save(file); // replaces
        assertEquals(0.5, Json.mapper().readTree(file.toFile()).get("loss").asDouble());
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
