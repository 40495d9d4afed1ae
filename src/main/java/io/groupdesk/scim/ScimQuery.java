package io.groupdesk.scim;

import java.util.Optional;

/**
 * What a SCIM list asks for (RFC 7644 §3.4.2).
 *
 * @param filter the filter text, empty for every resource
 * @param startIndex 1-based; values below 1 count as 1
 * @param count how many resources at most; 0 asks only for the total
 * @param sortBy an attribute path; empty orders by id
 */
public record ScimQuery(
        Optional<String> filter, long startIndex, int count, Optional<String> sortBy, boolean descending) {
    /** The most resources one page holds; a larger count is lowered to it (RFC 7644 lets the server do so). */
    public static final int MAX_COUNT = 100;

    public ScimQuery {
        startIndex = Math.max(1, startIndex);
        count = Math.max(0, Math.min(count, MAX_COUNT));
    }
}
