/**
 * Bulk import: loading many agents, groups and memberships into one account in batches, under the same rules as the
 * API (validation, name and email uniqueness, one default per agent, tenant scoping), matched by natural keys so a
 * second run changes nothing. Reads no wire format itself: a dialect adapter turns files into an {@link
 * io.groupdesk.bulk.ImportSet}. Imports nothing from {@code api..}.
 */
package io.groupdesk.bulk;
