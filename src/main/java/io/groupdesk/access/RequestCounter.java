package io.groupdesk.access;

import io.groupdesk.accounts.AccountId;
import java.time.Clock;
import java.time.Duration;

/**
 * Counts requests per account and bucket in fixed windows (a window of a minute starts on each whole minute of the
 * epoch), in the database, so every node counts into the same windows. Buckets quiet for a day are forgotten.
 */
public final class RequestCounter {
    /** The longest window a count may use; buckets whose window started longer ago than this are pruned. */
    public static final Duration MAX_WINDOW = Duration.ofDays(1);

    private final RequestCountRepository counts;
    private final Clock clock;

    public RequestCounter(RequestCountRepository counts, Clock clock) {
        this.counts = counts;
        this.clock = clock;
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

    /** The window's count, without counting. */
    public Count peek(AccountId account, String bucket, Duration window) {
        return peek(account, current(bucket, window));
    }

    /** The count of a window found before ({@link #current}), without counting. */
    Count peek(AccountId account, Window window) {
        return new Count(counts.hits(account, window.bucket(), window.start()), window.retryAfterSeconds());
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
