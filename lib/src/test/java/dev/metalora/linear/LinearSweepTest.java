package dev.metalora.linear;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metalora.Experiments;
import dev.metalora.plot.FigureSet;
import dev.metalora.plot.PowerLawFit;
import dev.metalora.progress.Progress;
import dev.metalora.results.Json;
import dev.metalora.results.Stat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LinearSweepTest {
    /** The reference T sweep (5 trials, all retraining steps); fine-tuning shortened, it does not touch the base. */
    private static LinearSweep tasks;

    @BeforeAll
    static void sweepOverTasks() {
        tasks = Experiments.linear().fineTuneSteps(2000).vary("tasks", 2, 3, 5).trials(5)
                .progress(Progress.none()).run();
    }

    /** Median over trials: the typical trial (one slow trial of five cannot move it). */
    private static double median(Stat s) {
        double[] v = s.values();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static long legendEntries(XYChart chart) {
        return chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend).count();
    }

    @Test
    void jsonHasOneRunPerValueCarryingItsValue() throws Exception {
        JsonNode json = Json.mapper().readTree(Json.write(tasks.toJson()));
        assertEquals("tasks", json.get("parameter").asText());
        assertEquals("[2,3,5]", json.get("values").toString());
        JsonNode runs = json.get("runs");
        assertEquals(3, runs.size());
        int[] expected = {2, 3, 5};
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], runs.get(i).get("value").asInt());
            assertEquals(expected[i], runs.get(i).get("config").get("tasks").asInt());
            assertEquals(5, runs.get(i).get("methods").get("lora-ml").get("baseError").get("values").size());
        }
    }

    @Test
    void csvHasOneRowPerValueMethodAndTrial(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(tasks.toCsv(dir.resolve("sweep.csv")));
        assertEquals("parameter,value,method,trial,final_test_loss,base_error,run_seconds", lines.get(0));
        assertEquals(1 + 3 * 2 * 5, lines.size());
        for (int v = 0; v < 3; v++) {
            for (int m = 0; m < 2; m++) {
                for (int t = 0; t < 5; t++) {
                    String[] cells = lines.get(1 + v * 10 + m * 5 + t).split(",");
                    assertEquals(List.of("2", "3", "5").get(v), cells[1]);
                    assertEquals(List.of("lora-ml", "standard").get(m), cells[2]);
                    assertEquals(Integer.toString(t), cells[3]);
                    LinearMethodResult r = m == 0 ? tasks.run(v).loraMl() : tasks.run(v).standard();
                    assertEquals(r.baseError().values()[t], Double.parseDouble(cells[5]));
                    assertEquals(r.testLoss().values()[t], Double.parseDouble(cells[4]));
                }
            }
        }
    }

    @Test
    void loraMlRecoversTheBaseWithThreeAndFiveTasks() {
        // Theory item 2: with T >= 3 the minimiser is A*; 3000 outer steps reach ~1e-6 (noise-limited)
        // in a typical trial. The median is used because a trial near a saddle may converge later.
        assertTrue(median(tasks.run(1).loraMl().baseError()) < 1e-4, tasks.summary());
        assertTrue(median(tasks.run(2).loraMl().baseError()) < 1e-4, tasks.summary());
        // SR's base stays at the pooled solution, order ||mean_t U_t U_t^T||^2 ~ 10 away.
        assertTrue(tasks.run(1).standard().baseError().min() > 1, tasks.summary());
    }

    @Test
    void eachValueReproducesTheSingleComparisonWithThatValue() {
        LinearComparison single = Experiments.linear().fineTuneSteps(2000).tasks(5).trials(5)
                .progress(Progress.none()).run();
        assertArrayEquals(single.loraMl().baseError().values(), tasks.run(2).loraMl().baseError().values());
        assertArrayEquals(single.standard().testLoss().values(), tasks.run(2).standard().testLoss().values());
    }

    @Test
    void chartsHaveASeriesPerMethodAndValueOnLogAxes() throws Exception {
        FigureSet figures = tasks.plot();
        assertEquals(List.of("test-loss", "base-error", "final"), List.copyOf(figures.names()));
        XYChart loss = figures.chart("test-loss");
        // 3 values x 2 methods, plus SR's floor for T = 3 and 5 (for T = 2 the rank-3k floor is zero).
        assertEquals(3 * 2 + 2, legendEntries(loss));
        assertTrue(loss.getStyler().isYAxisLogarithmic());
        assertEquals(3 * 2, legendEntries(figures.chart("base-error")));
        XYChart last = figures.chart("final");
        assertEquals(3, legendEntries(last)); // LoRA-ML, SR, SR floor
        assertTrue(last.getStyler().isYAxisLogarithmic() && !last.getStyler().isXAxisLogarithmic());
        assertEquals(2 + 1, legendEntries(tasks.run(1).plot()));
        var image = ImageIO.read(new ByteArrayInputStream(figures.png()));
        assertEquals(2 * loss.getWidth(), image.getWidth());
        assertEquals(2 * loss.getHeight(), image.getHeight());
    }

    @Test
    void summaryHasOneLinePerValue() {
        String[] lines = tasks.summary().split("\n");
        assertTrue(lines[2].startsWith("T = 2") && lines[3].startsWith("T = 3") && lines[4].startsWith("T = 5"),
                tasks.summary());
        assertTrue(tasks.html().contains("<td>T = 5</td>"));
    }

    @Test
    void fineTuningLossFallsAsOneOverTestSamples() {
        // Theory item 3: from a recovered base, rank-r fine-tuning has excess risk ~ s^2 r (2d - r) / n.
        LinearSweep rate = Experiments.linear().tasks(3).noise(0.01).fineTuneSteps(3000)
                .vary("testSamples", 25, 50, 100, 200, 400).trials(5).progress(Progress.none()).run();
        double[] n = rate.values();
        double[] typical = rate.runs().stream().mapToDouble(c -> median(c.loraMl().testLoss())).toArray();
        double slope = PowerLawFit.fit(n, typical).slope();
        assertTrue(slope > -1.3 && slope < -0.7, "slope " + slope + "\n" + rate.summary());
        XYChart chart = rate.plot().chart("final");
        assertTrue(chart.getStyler().isXAxisLogarithmic() && chart.getStyler().isYAxisLogarithmic());
        assertTrue(chart.getSeriesMap().keySet().stream().anyMatch(k -> k.startsWith("LoRA-ML: fitted slope")),
                chart.getSeriesMap().keySet().toString());
    }

    @Test
    void realValuedSweepKeepsItsValuesAsNumbers(@TempDir Path dir) throws Exception {
        LinearSweep noise = Experiments.linear().dim(4).samples(200).outerSteps(50).fineTuneSteps(50)
                .vary("noise", 0.01, 0.1).trials(1).progress(Progress.none()).run();
        assertEquals("[0.01,0.1]", noise.toJson().get("values").toString());
        assertEquals(0.1, noise.toJson().get("runs").get(1).get("value").asDouble());
        List<String> lines = Files.readAllLines(noise.toCsv(dir.resolve("noise.csv")));
        assertEquals(1 + 2 * 2, lines.size());
        assertTrue(lines.get(4).startsWith("noise,0.1,standard,0,"), lines.get(4));
        assertTrue(noise.summary().contains("s = 0.0100") && noise.summary().contains("s = 0.100"), noise.summary());
    }

    @Test
    void badSweepsNameTheParameterAndWhatIsAllowed() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> Experiments.linear().vary("width", 1, 2));
        assertTrue(unknown.getMessage().contains("'width'")
                && unknown.getMessage().contains("dim, tasks, rank, samples, testSamples, noise"), unknown.getMessage());
        var empty = assertThrows(IllegalArgumentException.class, () -> Experiments.linear().vary("tasks"));
        assertTrue(empty.getMessage().startsWith("tasks:"), empty.getMessage());
        var zero = assertThrows(IllegalArgumentException.class, () -> Experiments.linear().vary("tasks", 2, 0));
        assertTrue(zero.getMessage().startsWith("tasks:") && zero.getMessage().contains(">= 1"), zero.getMessage());
        var rank = assertThrows(IllegalArgumentException.class, () -> Experiments.linear().vary("rank", 1, 11));
        assertTrue(rank.getMessage().contains("rank") && rank.getMessage().contains("[1, 10]"), rank.getMessage());
        var half = assertThrows(IllegalArgumentException.class, () -> Experiments.linear().vary("tasks", 2.5));
        assertEquals("tasks: 2.5 is not an integer", half.getMessage());
        var noise = assertThrows(IllegalArgumentException.class, () -> Experiments.linear().vary("noise", -0.1));
        assertTrue(noise.getMessage().startsWith("noise:"), noise.getMessage());
    }
}
