package io.groupdesk.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Reads every page of a keyset listing, first to last, as a client following its next links would: each page is read
 * after the id of the last row of the one before, so a row added or removed meanwhile shifts no page.
 */
public final class KeysetPages {
    private KeysetPages() {}

    /**
     * One page as it was read.
     *
     * @param number the page's number, from 1
     * @param after the cursor the page was read after, empty for the first page
     */
    public record Page<T>(int number, Optional<Cursor> after, Slice<T> slice) {}

    /**
     * Reads pages of {@code size} rows with {@code read} until one says there are no more (or comes back empty), and
     * hands each to {@code each} as soon as it is read.
     *
     * @param idOf the id a row is ordered by, which the next page is read after
     */
    public static <T> void each(
            int size, Function<PageRequest.Keyset, Slice<T>> read, ToLongFunction<T> idOf, Consumer<Page<T>> each) {
        Optional<Cursor> after = Optional.empty();
        for (int number = 1; ; number++) {
            PageRequest.Keyset request =
                    after.map(cursor -> PageRequest.after(cursor, size)).orElseGet(() -> PageRequest.first(size));
            Slice<T> slice = read.apply(request);
            each.accept(new Page<>(number, after, slice));
            List<T> items = slice.items();
            if (!slice.hasMore() || items.isEmpty()) {
                return;
            }
            after = Optional.of(new Cursor(idOf.applyAsLong(items.get(items.size() - 1))));
        }
    }

    /** Every row of every page, in the order the pages list them. */
    public static <T> List<T> all(int size, Function<PageRequest.Keyset, Slice<T>> read, ToLongFunction<T> idOf) {
        List<T> rows = new ArrayList<>();
        each(size, read, idOf, page -> rows.addAll(page.slice().items()));
        return rows;
    }
}
