package io.groupdesk.jobs;

/**
 * The outcome of one item of a job.
 *
 * @param index the item's position in the request
 * @param recordId the record created or removed, or the one the item named when it failed
 * @param action {@code create} or {@code delete}
 * @param error a stable code when the item failed: {@code not_found}, {@code taken} or {@code invalid}
 * @param details a sentence on why the item failed
 */
public record JobItem(int index, Long recordId, String action, boolean success, String error, String details) {}
