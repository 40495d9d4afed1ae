package io.groupdesk.credentials;

import io.groupdesk.cache.Invalidation;
import io.groupdesk.cache.Invalidations;
import io.groupdesk.shared.AccountId;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Counts requests per account and bucket in fixed windows (a window of a minute starts on each whole minute of the
 * epoch), in the database, so every node counts into the same windows. Buckets quiet for a day are forgotten.
 */
public final class RequestCounter {
    /** The longest window a count may use; buckets whose window started longer ago than this are pruned. */
    public static final Duration MAX_WINDOW = Duration.ofDays(1);

    private final RequestCountRepository counts;
    private final Clock clock;
    private final KnownFailures known;

    /** A counter whose node keeps no failures in memory: every count is read from the database. */
    public RequestCounter(RequestCountRepository counts, Clock clock) {
        this(counts, clock, Invalidations.off());
    }

    /**
     * A counter that also keeps the failed authentications every node counted ({@link KnownFailures}), heard through
     * {@code invalidations}, for sign-ins answered from the credential cache.
     */
    public RequestCounter(RequestCountRepository counts, Clock clock, Invalidations invalidations) {
        this.counts = counts;
        this.clock = clock;
        this.known = new KnownFailures(counts, clock, invalidations);
    }

    /**
     * The hits of one bucket in the current window.
     *
     * @param retryAfterSeconds whole seconds until the window ends, at least 1
     */
    public record Count(int hits, long retryAfterSeconds) {}

    /** Counts one hit and returns the window's count, this hit included. */
    public Count hit(AccountId account, String bucket, Duration window) {
        long now = clock.millis();
        long start = windowStart(now, window);
        int hits = counts.hit(account, bucket, start);
        if (hits == 1) {
            // a new window or a new bucket, at most once per bucket and window: the moment to forget quiet buckets
            counts.prune(account, now - MAX_WINDOW.toMillis());
        }
        return new Count(hits, retryAfter(now, start, window));
    }

    /**
     * A check claimed in a bucket's window ({@link #claim}), or the window's failures when none could be: then
     * either they reached the limit, or checks in flight hold the rest of it.
     *
     * @param retryAfterSeconds whole seconds until the window ends, at least 1
     */
    record Claim(
            AccountId account, String bucket, long windowStart, long retryAfterSeconds, boolean taken, int failures) {}

    /**
     * Claims one check in the bucket's current window while its failures and the checks in flight stay below
     * {@code limit}, atomically on every node that shares the database. A taken claim is given back with
     * {@link #release}.
     */
    Claim claim(AccountId account, String bucket, Duration window, int limit) {
        long now = clock.millis();
        long start = windowStart(now, window);
        OptionalInt failures = counts.claim(account, bucket, start, limit);
        return new Claim(
                account, bucket, start, retryAfter(now, start, window), failures.isEmpty(), failures.orElse(0));
    }

    /** Gives a taken claim back, counting it as a failure when {@code failed}. */
    void release(Claim claim, boolean failed) {
        int failures = counts.release(claim.account(), claim.bucket(), claim.windowStart(), failed);
        if (failed && failures > 0) {
            counted(claim.account(), claim.bucket(), claim.windowStart(), failures);
        }
        if (failed && failures == 1) {
            // the window's first failure, at most once per bucket and window: the moment to forget quiet buckets
            counts.prune(claim.account(), clock.millis() - MAX_WINDOW.toMillis());
        }
    }

    /** The window's count, without counting. */
    public Count peek(AccountId account, String bucket, Duration window) {
        return peek(account, current(bucket, window));
    }

    /** The count of a window found before ({@link #current}), without counting. */
    Count peek(AccountId account, Window window) {
        int hits = counts.hits(account, window.bucket(), window.start());
        known.saw(account, window.bucket(), window.start(), hits);
        return new Count(hits, window.retryAfterSeconds());
    }

    /**
     * The failures of a window as this node knows them without a statement (every node's counted failures, heard of);
     * empty when it cannot tell. Only for a sign-in answered from the credential cache, which is trusted under the same
     * condition.
     */
    java.util.OptionalInt known(AccountId account, Window window) {
        return known.failures(account, window.bucket(), window.start());
    }

    /** Notes a window's failures read by another statement (a token sign-in's). */
    void saw(AccountId account, Window window, int failures) {
        known.saw(account, window.bucket(), window.start(), failures);
    }

    /** A failure counted on this node: known here at once, and told to every node. */
    private void counted(AccountId account, String bucket, long windowStart, int failures) {
        known.saw(account, bucket, windowStart, failures);
        counts.announce(new Invalidation.Failures(account, bucket, windowStart, failures));
    }

    /**
     * A bucket's current window, for a statement that reads the count along with something else (the credentials
     * of a sign-in): the count is the {@code request_counts} row of the bucket with this {@code window_start}, or 0.
     *
     * @param retryAfterSeconds whole seconds until the window ends, at least 1
     */
    record Window(String bucket, long start, long retryAfterSeconds) {}

    Window current(String bucket, Duration window) {
        long now = clock.millis();
        long start = windowStart(now, window);
        return new Window(bucket, start, retryAfter(now, start, window));
    }

    /**
     * Counts one hit in a window found before ({@link #current}) only while its hits and the checks claimed in flight
     * stay below {@code limit}, atomically on every node that shares the database.
     *
     * @return whether the hit was counted
     */
    boolean hitBelow(AccountId account, Window window, int limit) {
        OptionalInt hits = counts.hitBelow(account, window.bucket(), window.start(), limit);
        if (hits.isPresent()) {
            counted(account, window.bucket(), window.start(), hits.getAsInt());
        }
        if (hits.isPresent() && hits.getAsInt() == 1) {
            // the window's first hit, at most once per bucket and window: the moment to forget quiet buckets
            counts.prune(account, clock.millis() - MAX_WINDOW.toMillis());
        }
        return hits.isPresent();
    }

    static void requireWindow(Duration window) {
        if (window.toMillis() < 1000 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("a count window must be between 1 second and 1 day: " + window);
        }
    }

    private static long windowStart(long now, Duration window) {
        long length = window.toMillis();
        return now - Math.floorMod(now, length);
    }

    private static long retryAfter(long now, long start, Duration window) {
        long left = start + window.toMillis() - now;
        return Math.max(1, (left + 999) / 1000);
    }
}
