package io.groupdesk.housekeeping;

import io.groupdesk.shared.Sql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The deletes of the sweep, the same SQL on H2 and PostgreSQL. A batch reads the keys of at most {@code limit}
 * expired rows, then deletes them by primary key in one short transaction. (PostgreSQL's {@code DELETE} takes no row
 * limit, and H2 runs a {@code DELETE ... WHERE key IN (SELECT ... FETCH FIRST n ROWS ONLY)} again for every row it
 * reads, which made a batch of 1,000 take seconds.) Each delete repeats the expiry test, so a row brought back to
 * life in between (a nonce claimed again, a key used again) is left alone. The keys are deleted in key order, so two
 * nodes sweeping the same rows at once lock them in the same order and never deadlock; the second finds them gone.
 */
final class JdbcSweepRepository {
    private static final Table NONCES = new Table("request_nonces", "expires_at", "account_id", "nonce");
    private static final Table IDEMPOTENCY_KEYS =
            new Table("idempotency_keys", "created_at", "account_id", "caller_key", "request_path", "idempotency_key");

    private final Jdbi jdbi;

    JdbcSweepRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Deletes at most {@code limit} nonces that expired before {@code cutoff}; the number deleted. */
    int deleteNoncesExpiredBefore(Instant cutoff, int limit) {
        return deleteBefore(NONCES, cutoff, limit);
    }

    /** Deletes at most {@code limit} idempotency keys first used before {@code cutoff}; the number deleted. */
    int deleteIdempotencyKeysCreatedBefore(Instant cutoff, int limit) {
        return deleteBefore(IDEMPOTENCY_KEYS, cutoff, limit);
    }

    /**
     * Deletes at most {@code limit} change events that occurred before {@code cutoff}; the number deleted. Every
     * account's oldest events go first: an account's events are stamped in id order, so the sweep takes them from
     * the oldest end and leaves no hole a feed consumer could fall into unnoticed.
     */
    int deleteEventsBefore(Instant cutoff, int limit) {
        return deleteBefore("events", "occurred_at", cutoff, limit);
    }

    /**
     * Deletes at most {@code limit} webhook invocations that ended (delivered, or failed for good) before
     * {@code cutoff}, with their attempts; the number of invocations deleted. A pending one is never deleted.
     */
    int deleteInvocationsCompletedBefore(Instant cutoff, int limit) {
        return deleteBefore("webhook_invocations", "completed_at", cutoff, limit);
    }

    /** The sweep of a table keyed by {@code (account_id, id)}, both numbers, by the time in {@code column}. */
    private int deleteBefore(String table, String column, Instant cutoff, int limit) {
        List<long[]> keys = jdbi.withHandle(handle -> handle.createQuery("SELECT account_id, id FROM " + table
                        + " WHERE " + column + " < :cutoff FETCH FIRST :limit ROWS ONLY")
                .bind("cutoff", Sql.timestamp(cutoff))
                .bind("limit", limit)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .list());
        if (keys.isEmpty()) {
            return 0;
        }
        List<long[]> ordered = new ArrayList<>(keys);
        ordered.sort(Comparator.<long[]>comparingLong(key -> key[0]).thenComparingLong(key -> key[1]));
        return jdbi.inTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch(
                    "DELETE FROM " + table + " WHERE account_id = :account AND id = :id AND " + column + " < :cutoff");
            for (long[] key : ordered) {
                batch.bind("account", key[0])
                        .bind("id", key[1])
                        .bind("cutoff", Sql.timestamp(cutoff))
                        .add();
            }
            return Arrays.stream(batch.execute())
                    .map(count -> Math.max(count, 0))
                    .sum();
        });
    }

    /** A swept table: its name, the column compared with the cutoff, and its primary key's columns. */
    private record Table(String name, String expiry, String... key) {
        /** The first key column is the account id (a number), the others are text. */
        String select() {
            return "SELECT " + String.join(", ", key) + " FROM " + name + " WHERE " + expiry
                    + " < :cutoff FETCH FIRST :limit ROWS ONLY";
        }

        String delete() {
            return "DELETE FROM " + name + " WHERE "
                    + Arrays.stream(key).map(column -> column + " = :" + column).collect(Collectors.joining(" AND "))
                    + " AND " + expiry + " < :cutoff";
        }
    }

    private int deleteBefore(Table table, Instant cutoff, int limit) {
        List<Object[]> keys = jdbi.withHandle(handle -> handle.createQuery(table.select())
                .bind("cutoff", Sql.timestamp(cutoff))
                .bind("limit", limit)
                .map((rs, ctx) -> {
                    Object[] key = new Object[table.key().length];
                    key[0] = rs.getLong(1);
                    for (int column = 1; column < key.length; column++) {
                        key[column] = rs.getString(column + 1);
                    }
                    return key;
                })
                .list());
        if (keys.isEmpty()) {
            return 0;
        }
        List<Object[]> ordered = new ArrayList<>(keys);
        ordered.sort(KEY_ORDER);
        return jdbi.inTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch(table.delete());
            for (Object[] key : ordered) {
                for (int column = 0; column < key.length; column++) {
                    batch.bind(table.key()[column], key[column]);
                }
                batch.bind("cutoff", Sql.timestamp(cutoff)).add();
            }
            return Arrays.stream(batch.execute())
                    .map(count -> Math.max(count, 0))
                    .sum();
        });
    }

    private static final Comparator<Object[]> KEY_ORDER = (left, right) -> {
        int order = Long.compare((Long) left[0], (Long) right[0]);
        for (int column = 1; order == 0 && column < left.length; column++) {
            order = ((String) left[column]).compareTo((String) right[column]);
        }
        return order;
    };
}
