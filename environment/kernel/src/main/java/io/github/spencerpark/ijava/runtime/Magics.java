package io.github.spencerpark.ijava.runtime;

import io.github.spencerpark.jupyter.kernel.magic.registry.UndefinedMagicException;

import java.util.List;

/** IJava's cell functions {@code lineMagic(name, args)} and {@code cellMagic(name, args, body)}, imported statically into every notebook. */
public final class Magics {
    private Magics() {
    }

    /** Runs {@code %name args...} from code; returns what the magic returns. */
    public static <T> T lineMagic(String name, List<String> args) {
        try {
            return Kernel.running().getMagics().applyLineMagic(name, args);
        } catch (UndefinedMagicException | IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException("line magic %" + name + " " + args + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code %%name args...} over {@code body} from code; returns what the magic returns. */
    public static <T> T cellMagic(String name, List<String> args, String body) {
        try {
            return Kernel.running().getMagics().applyCellMagic(name, args, body);
        } catch (UndefinedMagicException | IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException("cell magic %%" + name + " " + args + " failed: " + e.getMessage(), e);
        }
    }
}
