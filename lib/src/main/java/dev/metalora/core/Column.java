package dev.metalora.core;

import dev.metalora.results.Stat;

import java.util.function.Function;

/**
 * One column of a results table or CSV file: a statistic over trials of a row's {@code T} (a
 * method's result, or a whole run), under a title.
 *
 * @param title the table's column title, or the CSV column's name
 * @param stat  the statistic of a row
 */
public record Column<T>(String title, Function<T, Stat> stat) {
}
