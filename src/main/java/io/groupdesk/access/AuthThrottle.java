package io.groupdesk.access;

import io.groupdesk.accounts.AccountId;
import io.groupdesk.shared.TooManyRequestsException;
import io.groupdesk.shared.UnauthenticatedException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Refuses authentication from a client address to an account once {@code limit} authentications from it failed in
 * the current window, right credentials included, until the window ends. Each check is claimed in the database
 * before it runs (password hash, token or signature alike), and a claim is refused while the window's failures and
 * the checks in flight reach the limit, so that however many guesses arrive at once, on however many nodes, no more
 * than {@code limit} are checked per window. A successful check gives its claim back and is not counted; a client
 * that signs in correctly costs two single-row writes per authentication. A request without credentials never comes
 * here, so it is not counted either.
 */
public final class AuthThrottle {
    private static final int MAX_CLIENT_LENGTH = 64;
    /**
     * How long a check waits for a claim held by checks in flight (a password hash takes tens of milliseconds), so that
     * a client signing in correctly many times at once is let in rather than refused.
     */
    private static final Duration BUSY_WAIT = Duration.ofSeconds(2);

    private static final long BUSY_PAUSE_MILLIS = 20;

    private final RequestCounter counter;
    private final int limit;
    private final Duration window;

    /** @param limit failed authentications allowed per window; 0 turns the throttle off */
    public AuthThrottle(RequestCounter counter, int limit, Duration window) {
        if (limit < 0) {
            throw new IllegalArgumentException("the failed-authentication limit must not be negative: " + limit);
        }
        RequestCounter.requireWindow(window);
        this.counter = counter;
        this.limit = limit;
        this.window = window;
    }

    /**
     * Runs {@code authentication} for {@code client} (a network address) once a check is claimed for it, and counts
     * it when it fails with {@link UnauthenticatedException}.
     *
     * @throws TooManyRequestsException the client failed {@code limit} times in the current window, or checks in
     *     flight held the rest of the limit for longer than a check takes
     */
    public <T> T attempt(AccountId account, String client, Supplier<T> authentication) {
        if (limit == 0) {
            return authentication.get();
        }
        RequestCounter.Claim claim = claim(account, bucket(client));
        boolean failed = false;
        try {
            return authentication.get();
        } catch (UnauthenticatedException e) {
            failed = true;
            throw e;
        } finally {
            counter.release(claim, failed);
        }
    }

    /**
     * Checks {@code credentials} for {@code client} the way {@link #attempt} does: a throttled client never costs a
     * password hash or a token lookup.
     *
     * @throws UnauthenticatedException the credentials name no active agent of {@code account}
     * @throws TooManyRequestsException the client failed {@code limit} times in the current window
     */
    public Caller authenticate(AccountId account, String client, Credentials credentials, Authenticator authenticator) {
        return attempt(account, client, () -> authenticator.authenticate(account, credentials));
    }

    private RequestCounter.Claim claim(AccountId account, String bucket) {
        long deadline = System.nanoTime() + BUSY_WAIT.toNanos();
        while (true) {
            RequestCounter.Claim claim = counter.claim(account, bucket, window, limit);
            if (claim.taken()) {
                return claim;
            }
            if (claim.failures() >= limit || System.nanoTime() - deadline > 0) {
                throw new TooManyRequestsException(claim.failures() >= limit ? claim.retryAfterSeconds() : 1);
            }
            try {
                Thread.sleep(BUSY_PAUSE_MILLIS + ThreadLocalRandom.current().nextLong(BUSY_PAUSE_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TooManyRequestsException(1);
            }
        }
    }

    private static String bucket(String client) {
        String address = client.length() > MAX_CLIENT_LENGTH ? client.substring(0, MAX_CLIENT_LENGTH) : client;
        return "auth-failures " + address;
    }
}
