package io.groupdesk.access;

import io.groupdesk.accounts.AccountId;
import org.jdbi.v3.core.Jdbi;

/** The stored request counts: one fixed window per account and bucket, shared by every node. */
public interface RequestCountRepository {

    static RequestCountRepository jdbc(Jdbi jdbi) {
        return new JdbcRequestCountRepository(jdbi);
    }

    /**
     * Counts one hit in the bucket's window that starts at {@code windowStart} (epoch milliseconds), starting that
     * window over when the stored one is older, and returns the hits counted in it so far, this one included.
     */
    int hit(AccountId account, String bucket, long windowStart);

    /** The hits counted in the bucket's window that starts at {@code windowStart}; 0 for none or an older window. */
    int hits(AccountId account, String bucket, long windowStart);

    /** Forgets the account's buckets whose window started before {@code before} (epoch milliseconds). */
    int prune(AccountId account, long before);
}
