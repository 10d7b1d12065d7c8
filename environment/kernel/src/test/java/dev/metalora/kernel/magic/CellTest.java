package dev.metalora.kernel.magic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CellTest {

    @Test
    void lineMagicsSplitTheCellIntoOrderedPartsWithTheirLineNumbers() {
        Cell cell = Cell.parse("%maven g:a:1 g:b:2\nint x = 1;\nint y = 2;\n  %jars 'lib dir/*.jar'\nx + y");
        assertNull(cell.cellMagic());
        assertEquals(List.of(
                new Cell.LineMagic("maven", List.of("g:a:1", "g:b:2"), "g:a:1 g:b:2"),
                new Cell.Code("int x = 1;\nint y = 2;\n", 2),
                new Cell.LineMagic("jars", List.of("lib dir/*.jar"), "'lib dir/*.jar'"),
                new Cell.Code("x + y", 5)), cell.parts());
    }

    @Test
    void aFirstLineWithTwoPercentSignsMakesTheRestTheBodyOfACellMagic() {
        Cell cell = Cell.parse("\n%%loadFromPOM --quiet\n<dependencies>\n%not-a-magic\n</dependencies>");
        assertEquals(new Cell.CellMagic("loadFromPOM", List.of("--quiet"), "<dependencies>\n%not-a-magic\n</dependencies>"),
                cell.cellMagic());
        assertTrue(cell.parts().isEmpty());
    }

    @Test
    void codeOnlyBlanksMagicsButKeepsEveryPosition() {
        String text = "%maven g:a:1\nMath.max(1, 2)";
        String code = Cell.codeOnly(text);
        assertEquals(text.length(), code.length());
        assertEquals(" ".repeat(12) + "\nMath.max(1, 2)", code);
        assertTrue(Cell.codeOnly("%%loadFromPOM\n<project/>").isBlank());
    }

    @Test
    void argumentsSplitOnBlanksAndQuotesGroupWords() {
        assertEquals(List.of("-parameters", "-Xlint:all", "a b", "c d"), Cell.splitArgs("  -parameters -Xlint:all \"a b\" 'c d' "));
        assertEquals(List.of(""), Cell.splitArgs("''"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cell.splitArgs("x \"open"));
        assertTrue(e.getMessage().contains("unclosed quote"), e.getMessage());
    }

    @Test
    void moduloAtTheStartOfACodeLineIsReadAsAMagic() {
        // A documented limitation shared with IJava: a line starting with % is a magic.
        assertInstanceOf(Cell.LineMagic.class, Cell.parse("int r = 7\n% 3;").parts().get(1));
    }
}
