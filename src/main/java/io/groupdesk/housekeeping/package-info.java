/**
 * Housekeeping: deleting what has expired, in the background, on every node. Each table that grows without bound
 * has one sweep task ({@code request_nonces}, {@code idempotency_keys}, and {@code events} older than their
 * retention); a task deletes in batches of at most
 * {@link io.groupdesk.housekeeping.Sweeper#BATCH} rows per statement, so no long transaction or lock is held, and
 * deletes only rows that every node already treats as gone, so that several nodes sweeping at once, or a sweep
 * beside the requests that use the rows, change no answer. Imports {@code shared} and the lifetimes of the features
 * whose tables it sweeps; the SQL is in {@code JdbcSweepRepository}.
 */
package io.groupdesk.housekeeping;
