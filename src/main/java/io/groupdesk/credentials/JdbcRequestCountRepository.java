package io.groupdesk.credentials;

import io.groupdesk.cache.Invalidation;
import io.groupdesk.cache.Invalidations;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.Sql;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Counts with one UPDATE on the bucket's row (the row lock orders concurrent hits, on every node), and an INSERT the
 * first time a bucket is seen; two nodes inserting the same new bucket meet on the primary key, and the loser counts
 * with the UPDATE. Each statement commits on its own, so a unique violation aborts nothing else. A claimed check
 * ({@link #claim}) is one more in {@code checking} until it is released, as a failure in {@code hits} or not at all;
 * a bounded hit ({@link #hitBelow}) is counted in {@code hits} at once, or not at all.
 */
final class JdbcRequestCountRepository implements RequestCountRepository {
    private final Jdbi jdbi;

    JdbcRequestCountRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public int hit(AccountId account, String bucket, long windowStart) {
        for (int attempt = 0; ; attempt++) {
            Optional<Integer> counted = jdbi.withHandle(handle -> increment(handle, account, bucket, windowStart));
            if (counted.isPresent()) {
                return counted.get();
            }
            try {
                jdbi.useHandle(handle -> handle.createUpdate(
                                """
                                INSERT INTO request_counts (account_id, bucket, window_start, hits)
                                VALUES (:account, :bucket, :windowStart, 1)
                                """)
                        .bind("account", account.value())
                        .bind("bucket", bucket)
                        .bind("windowStart", windowStart)
                        .execute());
                return 1;
            } catch (UnableToExecuteStatementException e) {
                if (!Sql.isUniqueViolation(e) || attempt > 0) {
                    throw e;
                }
                // another node inserted the bucket first: count on its row
            }
        }
    }

    private static Optional<Integer> increment(Handle handle, AccountId account, String bucket, long windowStart) {
        // both SET expressions read the row as it was, so an older window starts over at 1
        return handle.createUpdate(
                        """
                        UPDATE request_counts
                        SET hits = CASE WHEN window_start = :windowStart THEN hits + 1 ELSE 1 END,
                            window_start = :windowStart
                        WHERE account_id = :account AND bucket = :bucket
                        """)
                .bind("account", account.value())
                .bind("bucket", bucket)
                .bind("windowStart", windowStart)
                .executeAndReturnGeneratedKeys("hits")
                .mapTo(Integer.class)
                .findOne();
    }

    @Override
    public OptionalInt hitBelow(AccountId account, String bucket, long windowStart, int limit) {
        OptionalInt counted = hitBelowOnRow(account, bucket, windowStart, limit);
        if (counted.isPresent()) {
            return counted;
        }
        // no row yet, or a full window: a new bucket starts with this hit; a row inserted meanwhile is counted on
        int inserted = jdbi.withHandle(handle -> handle.createUpdate(
                        """
                        INSERT INTO request_counts (account_id, bucket, window_start, hits, checking)
                        VALUES (:account, :bucket, :windowStart, 1, 0)
                        ON CONFLICT DO NOTHING
                        """)
                .bind("account", account.value())
                .bind("bucket", bucket)
                .bind("windowStart", windowStart)
                .execute());
        return inserted == 1 ? OptionalInt.of(1) : hitBelowOnRow(account, bucket, windowStart, limit);
    }

    private OptionalInt hitBelowOnRow(AccountId account, String bucket, long windowStart, int limit) {
        // the row lock orders concurrent hits and each re-reads the row it waited for, so no more than the limit count;
        // a check claimed in flight (a password's) holds its place, so the limit bounds every kind of failure together;
        // a newer window, started by a request that read the clock later, is left alone
        return jdbi.withHandle(handle -> handle.createUpdate(
                                """
                                UPDATE request_counts
                                SET hits = CASE WHEN window_start = :windowStart THEN hits + 1 ELSE 1 END,
                                    checking = CASE WHEN window_start = :windowStart THEN checking ELSE 0 END,
                                    window_start = :windowStart
                                WHERE account_id = :account AND bucket = :bucket
                                  AND (window_start < :windowStart
                                       OR window_start = :windowStart AND hits + checking < :limit)
                                """)
                        .bind("account", account.value())
                        .bind("bucket", bucket)
                        .bind("windowStart", windowStart)
                        .bind("limit", limit)
                        .executeAndReturnGeneratedKeys("hits")
                        .mapTo(Integer.class)
                        .findOne())
                .map(OptionalInt::of)
                .orElseGet(OptionalInt::empty);
    }

    @Override
    public OptionalInt claim(AccountId account, String bucket, long windowStart, int limit) {
        if (claimOnRow(account, bucket, windowStart, limit)) {
            return OptionalInt.empty();
        }
        // no row yet, or a full window: a new bucket starts with this check; a row inserted meanwhile is claimed on
        int inserted = jdbi.withHandle(handle -> handle.createUpdate(
                        """
                        INSERT INTO request_counts (account_id, bucket, window_start, hits, checking)
                        VALUES (:account, :bucket, :windowStart, 0, 1)
                        ON CONFLICT DO NOTHING
                        """)
                .bind("account", account.value())
                .bind("bucket", bucket)
                .bind("windowStart", windowStart)
                .execute());
        if (inserted == 1 || claimOnRow(account, bucket, windowStart, limit)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(hits(account, bucket, windowStart));
    }

    private boolean claimOnRow(AccountId account, String bucket, long windowStart, int limit) {
        // the row lock orders concurrent claims and each re-reads the row it waited for, so no more than the limit pass
        return jdbi.withHandle(handle -> handle.createUpdate(
                                """
                                UPDATE request_counts
                                SET hits = CASE WHEN window_start = :windowStart THEN hits ELSE 0 END,
                                    checking = CASE WHEN window_start = :windowStart THEN checking + 1 ELSE 1 END,
                                    window_start = :windowStart
                                WHERE account_id = :account AND bucket = :bucket
                                  AND (window_start <> :windowStart OR hits + checking < :limit)
                                """)
                        .bind("account", account.value())
                        .bind("bucket", bucket)
                        .bind("windowStart", windowStart)
                        .bind("limit", limit)
                        .execute())
                == 1;
    }

    @Override
    public int release(AccountId account, String bucket, long windowStart, boolean failed) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                                """
                                UPDATE request_counts SET checking = checking - 1, hits = hits + :failed
                                WHERE account_id = :account AND bucket = :bucket AND window_start = :windowStart
                                  AND checking > 0
                                """)
                        .bind("account", account.value())
                        .bind("bucket", bucket)
                        .bind("windowStart", windowStart)
                        .bind("failed", failed ? 1 : 0)
                        .executeAndReturnGeneratedKeys("hits")
                        .mapTo(Integer.class)
                        .findOne())
                .orElse(0);
    }

    @Override
    public int hits(AccountId account, String bucket, long windowStart) {
        return jdbi.withHandle(handle -> handle.createQuery(
                                """
                                SELECT hits FROM request_counts
                                WHERE account_id = :account AND bucket = :bucket AND window_start = :windowStart
                                """)
                        .bind("account", account.value())
                        .bind("bucket", bucket)
                        .bind("windowStart", windowStart)
                        .mapTo(Integer.class)
                        .findOne())
                .orElse(0);
    }

    @Override
    public int prune(AccountId account, long before) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "DELETE FROM request_counts WHERE account_id = :account AND window_start < :before")
                .bind("account", account.value())
                .bind("before", before)
                .execute());
    }

    @Override
    public java.util.List<Invalidation.Failures> failuresSince(String prefix, long since, int max) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        """
                        SELECT account_id, bucket, window_start, hits FROM request_counts
                        WHERE window_start >= :since AND hits > 0 AND bucket LIKE :prefix
                        LIMIT :max
                        """)
                .bind("since", since)
                .bind("prefix", prefix + "%") // a prefix of letters, a hyphen and a space: no wildcard
                .bind("max", max)
                .map((rs, ctx) -> new Invalidation.Failures(
                        new AccountId(rs.getLong("account_id")),
                        rs.getString("bucket"),
                        rs.getLong("window_start"),
                        rs.getInt("hits")))
                .list());
    }

    @Override
    public void announce(Invalidation.Failures failures) {
        jdbi.useHandle(handle -> Invalidations.publish(handle, failures));
    }
}
