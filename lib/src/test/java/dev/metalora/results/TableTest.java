package dev.metalora.results;

import dev.metalora.display.Html;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TableTest {
    private static Table table() {
        return Table.of("T = 3, 5 trials", "method", "final test loss")
                .row("LoRA-ML", Table.number(1.6e-5))
                .row("SR", Table.number(42.1))
                .build();
    }

    @Test
    void textAlignsColumnsAndRightAlignsNumbers() {
        String[] lines = table().text().split("\n");
        assertEquals("T = 3, 5 trials", lines[0]);
        assertEquals("method   final test loss", lines[1]);
        assertEquals("LoRA-ML         1.60e-05", lines[2]);
        assertEquals("SR                  42.1", lines[3]);
    }

    @Test
    void htmlHasOneRowPerResultRow() {
        String html = Html.table(table());
        assertEquals(3, html.split("<tr>", -1).length - 1, "header and two rows");
        assertTrue(html.contains("<caption>T = 3, 5 trials</caption>"));
    }

    @Test
    void rowOfTheWrongWidthIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Table.of("c", "a", "b").row("1").build());
        assertTrue(e.getMessage().contains("1 cells for 2 columns"));
    }
}
