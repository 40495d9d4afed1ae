package io.groupdesk.webhooks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How deliveries are retried and leased.
 *
 * @param retryBase the wait after a first failed attempt; each later one waits twice as long as the one before, up to
 *     {@link #RETRY_CAP}, and each wait is drawn between itself and half again (jitter), never shorter
 * @param maxAttempts the attempts of one invocation; when the last fails the invocation fails and the webhook is
 *     deactivated
 * @param lease how long a node holds an invocation it claimed; a node killed while delivering leaves it to be claimed
 *     again when the lease runs out
 * @param idlePoll how long the worker waits when it found no work
 * @param concurrency how many deliveries of one webhook a node has in flight at most (its window): claimed, sent and
 *     not yet recorded
 */
public record DeliverySettings(
        Duration retryBase, int maxAttempts, Duration lease, Duration idlePoll, int concurrency) {
    /** The window per webhook per node when none is configured. */
    public static final int DEFAULT_CONCURRENCY = 16;

    /** The longest wait between two attempts. */
    public static final Duration RETRY_CAP = Duration.ofHours(1);

    /**
     * The default attempts: with the default base (10 s) the waits are 10 s, 20 s, ... 2560 s (85 minutes together),
     * then 23 of an hour each, so an endpoint is tried for more than a day (24 h 25 min at the least) before its
     * webhook is deactivated.
     */
    public static final int DEFAULT_MAX_ATTEMPTS = 33;

    public DeliverySettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a delivery needs at least one attempt");
        }
        if (retryBase.isNegative() || retryBase.isZero()) {
            throw new IllegalArgumentException("the retry base must be positive");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("a webhook needs a window of at least one delivery");
        }
    }

    /** The wait after the {@code attempts}-th failed attempt (from 1). */
    public Duration backoff(int attempts) {
        long base = retryBase.toMillis();
        long cap = Math.max(base, RETRY_CAP.toMillis());
        long wait = base;
        for (int i = 1; i < attempts && wait < cap; i++) {
            wait *= 2;
        }
        wait = Math.min(wait, cap);
        return Duration.ofMillis(wait + ThreadLocalRandom.current().nextLong(wait / 2 + 1));
    }
}
