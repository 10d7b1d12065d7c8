package dev.metalora.kernel.magic;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The line magics ({@code %name}) and cell magics ({@code %%name}) the kernel knows, by name. */
public final class Magics {

    /** Runs {@code %name args}. */
    @FunctionalInterface
    public interface LineMagicHandler {
        void run(List<String> args) throws Exception;
    }

    /** Runs {@code %%name args} over the rest of the cell. */
    @FunctionalInterface
    public interface CellMagicHandler {
        void run(List<String> args, String body) throws Exception;
    }

    private final Map<String, LineMagicHandler> lineMagics = new TreeMap<>();
    private final Map<String, CellMagicHandler> cellMagics = new TreeMap<>();

    public void registerLine(String name, LineMagicHandler handler) {
        lineMagics.put(name, handler);
    }

    public void registerCell(String name, CellMagicHandler handler) {
        cellMagics.put(name, handler);
    }

    public void runLine(String name, List<String> args) throws Exception {
        LineMagicHandler h = lineMagics.get(name);
        if (h == null) {
            throw new IllegalArgumentException("unknown line magic %" + name + "; known: " + lineMagics.keySet());
        }
        h.run(args);
    }

    public void runCell(String name, List<String> args, String body) throws Exception {
        CellMagicHandler h = cellMagics.get(name);
        if (h == null) {
            throw new IllegalArgumentException("unknown cell magic %%" + name + "; known: " + cellMagics.keySet());
        }
        h.run(args, body);
    }

    /** Names of the line magics, for completion. */
    public List<String> lineMagicNames() {
        return List.copyOf(lineMagics.keySet());
    }
}
