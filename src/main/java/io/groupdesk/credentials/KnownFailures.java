package io.groupdesk.credentials;

import io.groupdesk.cache.Invalidation;
import io.groupdesk.cache.Invalidations;
import io.groupdesk.shared.AccountId;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The failed authentications a node knows of, per account and client bucket: the throttle's "this address is blocked"
 * state, kept so that a sign-in answered from the credential cache costs no statement. Every node hears every counted
 * failure ({@link Invalidation.Failures}) and reloads the counts from the database whenever it starts trusting its
 * caches, so while the caches are trusted this is what the database holds, as of the last notification. Bounded: a
 * flood of client addresses beyond the bound empties it, and for a day (the longest window) the throttle reads the
 * count from the database again.
 */
final class KnownFailures {
    private record Key(AccountId account, String bucket) {}

    private record Seen(long windowStart, int failures) {}

    private final RequestCountRepository counts;
    private final Clock clock;
    private final Invalidations invalidations;
    private final int maxEntries;
    private final ConcurrentHashMap<Key, Seen> seen = new ConcurrentHashMap<>();
    private volatile long overflowedUntil;

    KnownFailures(RequestCountRepository counts, Clock clock, Invalidations invalidations) {
        this.counts = counts;
        this.clock = clock;
        this.invalidations = invalidations;
        this.maxEntries = Math.max(1, invalidations.maxEntries());
        invalidations.onMessage(message -> {
            if (message instanceof Invalidation.Failures failures) {
                saw(failures.account(), failures.bucket(), failures.windowStart(), failures.failures());
            }
        });
        invalidations.onResync(this::reload);
    }

    /**
     * The failures of a bucket in the window starting at {@code windowStart}; empty when the node cannot tell without
     * asking the database: the node cannot be sure it heard of every failure, or too many clients failed.
     */
    OptionalInt failures(AccountId account, String bucket, long windowStart) {
        if (!invalidations.trusted() || overflowed()) {
            return OptionalInt.empty();
        }
        Seen known = seen.get(new Key(account, bucket));
        return OptionalInt.of(known != null && known.windowStart() == windowStart ? known.failures() : 0);
    }

    /** Notes a count read or written on this node, or heard of from another. */
    void saw(AccountId account, String bucket, long windowStart, int failures) {
        if (failures <= 0) {
            return;
        }
        if (seen.size() >= maxEntries) {
            overflowedUntil = clock.millis() + RequestCounter.MAX_WINDOW.toMillis();
            seen.clear();
        }
        seen.merge(new Key(account, bucket), new Seen(windowStart, failures), KnownFailures::later);
    }

    private static Seen later(Seen old, Seen heard) {
        if (heard.windowStart() != old.windowStart()) {
            return heard.windowStart() > old.windowStart() ? heard : old;
        }
        return heard.failures() >= old.failures() ? heard : old;
    }

    private boolean overflowed() {
        return clock.millis() < overflowedUntil;
    }

    /** Forgets what it knew and reads the counts again; a count heard meanwhile is kept (the larger one wins). */
    private void reload() {
        seen.clear();
        List<Invalidation.Failures> current = counts.failuresSince(
                AuthThrottle.BUCKET_PREFIX, clock.millis() - RequestCounter.MAX_WINDOW.toMillis(), maxEntries + 1);
        if (current.size() > maxEntries) {
            overflowedUntil = clock.millis() + RequestCounter.MAX_WINDOW.toMillis();
            return;
        }
        current.forEach(f -> saw(f.account(), f.bucket(), f.windowStart(), f.failures()));
    }
}
