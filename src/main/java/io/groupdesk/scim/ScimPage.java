package io.groupdesk.scim;

import java.util.List;

/**
 * One page of a SCIM list.
 *
 * @param startIndex the 1-based position of the first resource among all that match
 */
public record ScimPage<T>(List<T> resources, long totalResults, long startIndex) {}
