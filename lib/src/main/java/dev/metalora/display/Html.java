package dev.metalora.display;

import dev.metalora.results.Table;

import java.util.List;

/** Minimal HTML for result tables: escaping and a table from header and rows. */
public final class Html {
    private Html() {
    }

    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** The table as HTML. */
    public static String table(Table t) {
        return table(t.caption(), t.header(), t.rows());
    }

    /** An HTML table with an optional caption; every cell is escaped. */
    public static String table(String caption, List<String> header, List<List<String>> rows) {
        StringBuilder b = new StringBuilder("<table>");
        if (caption != null && !caption.isEmpty()) {
            b.append("<caption>").append(escape(caption)).append("</caption>");
        }
        b.append("<thead><tr>");
        for (String h : header) {
            b.append("<th>").append(escape(h)).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            b.append("<tr>");
            for (String cell : row) {
                b.append("<td>").append(escape(cell)).append("</td>");
            }
            b.append("</tr>");
        }
        return b.append("</tbody></table>").toString();
    }
}
