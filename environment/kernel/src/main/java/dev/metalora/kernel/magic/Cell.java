package dev.metalora.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * A notebook cell split into what the kernel runs in order: Java code for JShell and IJava-style
 * magics. A cell whose first line is {@code %%name args} is one cell magic with the rest as its
 * body; otherwise every line that starts with {@code %} is a line magic and the lines between
 * magics are code.
 */
public record Cell(CellMagic cellMagic, List<Part> parts) {

    /** One piece of a cell: code, or a line magic. */
    public sealed interface Part permits Code, LineMagic {
    }

    /** Java source, with the 1-based cell line it starts on. */
    public record Code(String source, int firstLine) implements Part {
    }

    /** {@code %name arg...}; {@code line} is the text after the name as written (for {@code %time CODE}). */
    public record LineMagic(String name, List<String> args, String line) implements Part {
    }

    /** {@code %%name arg...} and the lines after it. */
    public record CellMagic(String name, List<String> args, String body) {
    }

    public Cell {
        parts = List.copyOf(parts);
    }

    public static Cell parse(String text) {
        String[] lines = text.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first < lines.length && lines[first].stripLeading().startsWith("%%")) {
            List<String> words = splitArgs(lines[first].stripLeading().substring(2));
            if (words.isEmpty() || words.get(0).isEmpty()) {
                throw new IllegalArgumentException("cell magic without a name: '" + lines[first].strip() + "'");
            }
            String body = String.join("\n", List.of(lines).subList(first + 1, lines.length));
            return new Cell(new CellMagic(words.get(0), words.subList(1, words.size()), body), List.of());
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        int codeStart = 1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (isMagicLine(line)) {
                if (!code.toString().isBlank()) {
                    parts.add(new Code(code.toString(), codeStart));
                }
                code.setLength(0);
                codeStart = i + 2;
                List<String> words = splitArgs(line.stripLeading().substring(1));
                if (words.isEmpty()) {
                    throw new IllegalArgumentException("line magic without a name on line " + (i + 1));
                }
                String afterPercent = line.stripLeading().substring(1).stripLeading();
                int blank = afterPercent.indexOf(' ');
                String rest = blank < 0 ? "" : afterPercent.substring(blank + 1).strip();
                parts.add(new LineMagic(words.get(0), words.subList(1, words.size()), rest));
            } else {
                code.append(line);
                if (i < lines.length - 1) {
                    code.append('\n');
                }
            }
        }
        if (!code.toString().isBlank()) {
            parts.add(new Code(code.toString(), codeStart));
        }
        return new Cell(null, parts);
    }

    static boolean isMagicLine(String line) {
        String s = line.stripLeading();
        return s.startsWith("%") && !s.startsWith("%%");
    }

    /**
     * The cell with every magic line (or, for a cell magic, the whole cell) blanked out by spaces,
     * so JShell can analyse the code at the same character positions.
     */
    public static String codeOnly(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(text.length());
        boolean cellMagic = false;
        boolean seenContent = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (!seenContent && !line.isBlank()) {
                seenContent = true;
                cellMagic = line.stripLeading().startsWith("%%");
            }
            out.append(cellMagic || isMagicLine(line) ? " ".repeat(line.length()) : line);
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Splits magic arguments on blanks; quotes ("a b", 'a b') group words. */
    public static List<String> splitArgs(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed quote " + quote + " in magic arguments '" + s.strip() + "'");
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
