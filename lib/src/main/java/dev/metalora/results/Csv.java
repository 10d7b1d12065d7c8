package dev.metalora.results;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Comma-separated values (RFC 4180 quoting), written atomically. */
public final class Csv {
    private final StringBuilder text = new StringBuilder();
    private final int columns;

    public Csv(String... header) {
        columns = header.length;
        line(List.of(header));
    }

    /** Appends a row; numbers are written in full precision ({@code Double.toString}), text quoted where needed. */
    public Csv row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("row: " + cells.length + " cells for " + columns + " columns");
        }
        List<String> out = new java.util.ArrayList<>();
        for (Object c : cells) {
            out.add(c instanceof Double d ? Double.toString(d) : String.valueOf(c));
        }
        line(out);
        return this;
    }

    private void line(List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(quote(cells.get(i)));
        }
        text.append('\n');
    }

    private static String quote(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n")) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }

    public String text() {
        return text.toString();
    }

    /** Writes through a temporary file and a rename; returns the absolute path. */
    public Path save(Path path) {
        if (!path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            throw new IllegalArgumentException("path: '" + path + "' should end in .csv");
        }
        return Json.saveAtomically(path, text());
    }

    @Override
    public String toString() {
        return text();
    }
}
