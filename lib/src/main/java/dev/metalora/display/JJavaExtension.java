package dev.metalora.display;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * JJava's extension hook (listed in {@code META-INF/services/org.dflib.jjava.jupyter.Extension}):
 * JJava installs it at start and on each {@code %maven} that brings the library, so charts and
 * results render inline at once, before any library class is touched.
 */
public final class JJavaExtension implements Extension {
    @Override
    public void install(BaseKernel kernel) {
        Notebook.init(new KernelDiscovery.Found(kernel, KernelDiscovery.JJAVA));
    }
}
