package io.groupdesk.credentials;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.TooManyRequestsException;
import java.time.Duration;
import java.util.Optional;

/**
 * A limit on an account's requests per window in one bucket (one per API), counted in the database so every node
 * enforces the same count. Off when no limit is configured: then nothing is counted.
 */
public final class RateLimit {
    private final Optional<RequestCounter> counter;
    private final String bucket;
    private final int limit;
    private final Duration window;

    private RateLimit(Optional<RequestCounter> counter, String bucket, int limit, Duration window) {
        this.counter = counter;
        this.bucket = "rate " + bucket;
        this.limit = limit;
        this.window = window;
    }

    /** @param limit requests per window, at least 1 */
    public static RateLimit of(RequestCounter counter, String bucket, int limit, Duration window) {
        if (limit < 1) {
            throw new IllegalArgumentException("a rate limit must allow at least one request: " + limit);
        }
        RequestCounter.requireWindow(window);
        return new RateLimit(Optional.of(counter), bucket, limit, window);
    }

    public static RateLimit off() {
        return new RateLimit(Optional.empty(), "off", 0, Duration.ofMinutes(1));
    }

    /**
     * What is left of an account's allowance after a request.
     *
     * @param remaining requests left in the window, 0 when this one went over
     * @param resetSeconds whole seconds until the window ends
     */
    public record Quota(int limit, int remaining, long resetSeconds, boolean exceeded) {
        /** @throws TooManyRequestsException the request went over the limit */
        public void enforce() {
            if (exceeded) {
                throw new TooManyRequestsException(resetSeconds);
            }
        }
    }

    /** Counts one request of {@code account}; empty when the limit is off. */
    public Optional<Quota> spend(AccountId account) {
        return counter.map(c -> {
            RequestCounter.Count count = c.hit(account, bucket, window);
            return new Quota(limit, Math.max(0, limit - count.hits()), count.retryAfterSeconds(), count.hits() > limit);
        });
    }
}
