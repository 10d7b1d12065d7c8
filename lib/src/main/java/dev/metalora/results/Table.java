package dev.metalora.results;

import java.util.ArrayList;
import java.util.List;

/**
 * A small table of text cells: a result's summary as aligned plain text ({@link #text()}), and the
 * same cells for an HTML rendering. Numbers go in already formatted; columns whose cells all look
 * numeric are right-aligned.
 */
public record Table(String caption, List<String> header, List<List<String>> rows) {

    public Table {
        header = List.copyOf(header);
        List<List<String>> copy = new ArrayList<>();
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("row " + row + ": " + row.size() + " cells for "
                        + header.size() + " columns " + header);
            }
            copy.add(List.copyOf(row));
        }
        rows = List.copyOf(copy);
    }

    /** A table builder: {@code Table.of("caption", "col1", "col2").row("a", "1").build()}. */
    public static Builder of(String caption, String... header) {
        return new Builder(caption, List.of(header));
    }

    public static final class Builder {
        private final String caption;
        private final List<String> header;
        private final List<List<String>> rows = new ArrayList<>();

        private Builder(String caption, List<String> header) {
            this.caption = caption;
            this.header = header;
        }

        public Builder row(String... cells) {
            rows.add(List.of(cells));
            return this;
        }

        public Table build() {
            return new Table(caption, header, rows);
        }
    }

    /** Three significant digits, scientific where needed (the format of every summary number). */
    public static String number(double v) {
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }

    /** The caption line, then the header and rows with columns padded to a common width. */
    public String text() {
        int n = header.size();
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        for (int c = 0; c < n; c++) {
            width[c] = header.get(c).length();
            numeric[c] = !rows.isEmpty();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
                numeric[c] &= row.get(c).matches("[-+]?[0-9.,eE+\\-\\[\\] ]+|nan|NaN|Infinity");
            }
        }
        StringBuilder b = new StringBuilder();
        if (caption != null && !caption.isEmpty()) {
            b.append(caption).append('\n');
        }
        appendLine(b, header, width, numeric);
        for (List<String> row : rows) {
            appendLine(b, row, width, numeric);
        }
        return b.toString().stripTrailing();
    }

    private static void appendLine(StringBuilder b, List<String> cells, int[] width, boolean[] right) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            line.append(right[c] ? pad + cell : cell + pad);
        }
        b.append(line.toString().stripTrailing()).append('\n');
    }

    @Override
    public String toString() {
        return text();
    }
}
