package dev.metalora;

import dev.metalora.plot.Charts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    @Test
    void headlineFigureDrawsBothMethodsAndTheFloor() {
        var r = Experiments.linear().dim(6).samples(300).outerSteps(100).fineTuneSteps(200).trials(2).run();
        var chart = Main.headlineFigure(r);
        var names = chart.getSeriesMap().keySet();
        assertTrue(names.stream().anyMatch(n -> n.startsWith("LoRA-ML")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("SR")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("SR floor")), names.toString());
        byte[] png = Charts.png(chart);
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    @Test
    void wrongArgumentsAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Main.main(new String[] {"run"}));
        assertTrue(e.getMessage().contains("run --out DIR"));
    }
}
