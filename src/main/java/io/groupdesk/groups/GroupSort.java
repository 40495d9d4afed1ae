package io.groupdesk.groups;

/** The orders a search of groups can list them in. */
public enum GroupSort {
    /** By name, ignoring case. */
    NAME,
    /** By number of members, largest first; groups of one size by id. */
    SIZE
}
