package dev.metalora.display;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

import java.util.ArrayList;
import java.util.List;

/** A kernel that evaluates nothing and records what is displayed. */
final class FakeKernel extends BaseKernel {
    final List<DisplayData> displayed = new ArrayList<>();

    @Override
    public DisplayData eval(String expr) {
        return null;
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return new LanguageInfo.Builder("java").build();
    }

    @Override
    public synchronized void display(DisplayData data) {
        displayed.add(data);
    }
}
