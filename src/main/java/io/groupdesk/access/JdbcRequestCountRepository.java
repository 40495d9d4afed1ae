package io.groupdesk.access;

import io.groupdesk.accounts.AccountId;
import io.groupdesk.shared.Sql;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Counts with one UPDATE on the bucket's row (the row lock orders concurrent hits, on every node), and an INSERT the
 * first time a bucket is seen; two nodes inserting the same new bucket meet on the primary key, and the loser counts
 * with the UPDATE. Each statement commits on its own, so a unique violation aborts nothing else.
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
}
