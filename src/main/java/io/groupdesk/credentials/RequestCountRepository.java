package io.groupdesk.credentials;

import io.groupdesk.shared.AccountId;
import java.util.OptionalInt;
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

    /**
     * Counts one hit (a failure) in the bucket's window that starts at {@code windowStart} only while its hits and the
     * checks in flight stay below {@code limit}, in one statement that orders concurrent hits on every node; a new
     * window starts over with this hit alone.
     *
     * @return the window's hits with this one, empty when the limit was reached and nothing was counted
     */
    OptionalInt hitBelow(AccountId account, String bucket, long windowStart, int limit);

    /**
     * Claims one check in the bucket's window that starts at {@code windowStart} while its failures (hits) and the
     * checks in flight stay below {@code limit}, in one statement that orders concurrent claims on every node; a new
     * window starts over with this check alone.
     *
     * @return the window's failures when nothing was claimed (empty when the check was claimed)
     */
    OptionalInt claim(AccountId account, String bucket, long windowStart, int limit);

    /**
     * Gives back a check claimed in the window that starts at {@code windowStart}, counting it as a failure when
     * {@code failed}; nothing when that window is over.
     *
     * @return the window's failures after it, 0 when the window is over
     */
    int release(AccountId account, String bucket, long windowStart, boolean failed);

    /** The hits counted in the bucket's window that starts at {@code windowStart}; 0 for none or an older window. */
    int hits(AccountId account, String bucket, long windowStart);

    /** Forgets the account's buckets whose window started before {@code before} (epoch milliseconds). */
    int prune(AccountId account, long before);

    /**
     * The failure counts of buckets whose names start with {@code prefix} in windows that started at {@code since} or
     * later, at most {@code max} of them: what a node reloads when it cannot be sure it heard of every failure.
     */
    java.util.List<io.groupdesk.cache.Invalidation.Failures> failuresSince(String prefix, long since, int max);

    /** Tells every node a bucket's failures in a window, once the count is committed. */
    void announce(io.groupdesk.cache.Invalidation.Failures failures);
}
