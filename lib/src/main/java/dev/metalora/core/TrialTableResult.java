package dev.metalora.core;

import dev.metalora.display.Displayable;
import dev.metalora.display.Html;
import dev.metalora.results.Result;
import dev.metalora.results.Table;

/**
 * A result over trials whose summary is one table of {@code mean [min, max]} cells: the text and
 * the notebook's HTML both come from {@link #table()}.
 */
public interface TrialTableResult extends Result, Displayable {

    /** The result's table. */
    Table table();

    @Override
    default String summary() {
        return table().text() + "\n(mean [min, max] over trials)";
    }

    @Override
    default String html() {
        return Html.table(table());
    }
}
