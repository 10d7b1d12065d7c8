package dev.metalora.kernel.magic;

import io.github.spencerpark.jupyter.kernel.magic.registry.CellMagicFunction;
import io.github.spencerpark.jupyter.kernel.magic.registry.LineMagicFunction;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import io.github.spencerpark.jupyter.kernel.magic.registry.UndefinedMagicException;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kernel's line magics ({@code %name}) and cell magics ({@code %%name}): basekernel's
 * registry, the one IJava's {@code getMagics()} returns (so {@code registerMagics(...)} and
 * {@code registerLineMagic(...)} from IJava code work), remembering names for completion and
 * for the error that names the known magics.
 */
public final class MagicRegistry extends Magics {
    private final Set<String> lineNames = new TreeSet<>();
    private final Set<String> cellNames = new TreeSet<>();

    @Override
    public synchronized void registerLineMagic(String name, LineMagicFunction<?> magic) {
        super.registerLineMagic(name, magic);
        lineNames.add(name);
    }

    @Override
    public synchronized void registerCellMagic(String name, CellMagicFunction<?> magic) {
        super.registerCellMagic(name, magic);
        cellNames.add(name);
    }

    @Override
    public synchronized <T extends LineMagicFunction<?> & CellMagicFunction<?>> void registerLineCellMagic(String name, T magic) {
        super.registerLineCellMagic(name, magic);
        lineNames.add(name);
        cellNames.add(name);
    }

    /** Runs {@code %name args}; an unknown name is an error listing the known ones. */
    public <T> T runLine(String name, List<String> args) throws Exception {
        try {
            return applyLineMagic(name, args);
        } catch (UndefinedMagicException e) {
            throw new IllegalArgumentException("unknown line magic %" + name + "; known: " + lineMagicNames(), e);
        }
    }

    /** Runs {@code %%name args} over the cell's body; an unknown name is an error listing the known ones. */
    public <T> T runCell(String name, List<String> args, String body) throws Exception {
        try {
            return applyCellMagic(name, args, body);
        } catch (UndefinedMagicException e) {
            throw new IllegalArgumentException("unknown cell magic %%" + name + "; known: " + cellMagicNames(), e);
        }
    }

    /** Names of the line magics registered by name, sorted. */
    public synchronized List<String> lineMagicNames() {
        return List.copyOf(lineNames);
    }

    /** Names of the cell magics registered by name, sorted. */
    public synchronized List<String> cellMagicNames() {
        return List.copyOf(cellNames);
    }
}
