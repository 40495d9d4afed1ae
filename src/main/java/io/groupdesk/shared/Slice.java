package io.groupdesk.shared;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * One page of a list, in ascending id order.
 *
 * @param items the rows of this page
 * @param hasMore whether more rows lie beyond this page in the direction it was read
 * @param total the number of matching rows, when the request asked for it
 */
public record Slice<T>(List<T> items, boolean hasMore, OptionalLong total) {

    public Slice {
        items = List.copyOf(items);
    }

    public <R> Slice<R> map(Function<? super T, ? extends R> mapper) {
        return new Slice<>(items.stream().<R>map(mapper).toList(), hasMore, total);
    }

    /**
     * Builds a slice from rows fetched with one more than the page size, as keyset and offset reads do.
     *
     * @param fetched rows in the order they were read (descending for a page read backwards)
     * @param size the page size
     * @param reversed whether {@code fetched} is in descending order and must be turned around
     */
    public static <T> Slice<T> fromOverfetch(List<T> fetched, int size, boolean reversed, OptionalLong total) {
        boolean hasMore = fetched.size() > size;
        List<T> page = hasMore ? fetched.subList(0, size) : fetched;
        if (reversed) {
            page = new ArrayList<>(page);
            Collections.reverse(page);
        }
        return new Slice<>(page, hasMore, total);
    }
}
