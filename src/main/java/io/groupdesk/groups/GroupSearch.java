package io.groupdesk.groups;

import java.util.Objects;

/**
 * What a search of an account's live groups asks for.
 *
 * @param text text the names must contain, ignoring case and taken literally; empty for every group
 * @param sort the order of the results
 */
public record GroupSearch(String text, GroupSort sort) {
    public GroupSearch {
        text = Objects.requireNonNull(text, "text").strip();
        Objects.requireNonNull(sort, "sort");
    }

    /** Every live group, in name order. */
    public static GroupSearch all() {
        return new GroupSearch("", GroupSort.NAME);
    }

    /** The same search in another order. */
    public GroupSearch withSort(GroupSort order) {
        return new GroupSearch(text, order);
    }
}
