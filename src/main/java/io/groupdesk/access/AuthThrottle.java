package io.groupdesk.access;

import io.groupdesk.accounts.AccountId;
import io.groupdesk.shared.TooManyRequestsException;
import io.groupdesk.shared.UnauthenticatedException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Refuses authentication from a client address to an account once {@code limit} authentications from it failed in
 * the current window, right credentials included, until the window ends. Only failures are counted, so a client
 * that signs in correctly costs one read per authentication (for a token, a column of the statement that reads the
 * token) and no write.
 */
public final class AuthThrottle {
    private static final int MAX_CLIENT_LENGTH = 64;

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
     * Runs {@code authentication} for {@code client} (a network address) unless the client is throttled, and counts
     * it when it fails with {@link UnauthenticatedException}.
     *
     * @throws TooManyRequestsException the client failed {@code limit} times in the current window
     */
    public <T> T attempt(AccountId account, String client, Supplier<T> authentication) {
        if (limit == 0) {
            return authentication.get();
        }
        String bucket = bucket(client);
        RequestCounter.Count failures = counter.peek(account, bucket, window);
        if (failures.hits() >= limit) {
            throw new TooManyRequestsException(failures.retryAfterSeconds());
        }
        try {
            return authentication.get();
        } catch (UnauthenticatedException e) {
            counter.hit(account, bucket, window);
            throw e;
        }
    }

    /**
     * Checks {@code credentials} for {@code client} the way {@link #attempt} does, with the authenticator's
     * statement: a token sign-in reads the client's failures along with the token's owner, one round trip instead of
     * two. Only credentials that name no one cost the throttle's own read (to tell a refusal from a counted failure);
     * a password is checked through {@link #attempt}, so a throttled client never costs a password hash.
     *
     * @throws UnauthenticatedException the credentials name no active agent of {@code account}
     * @throws TooManyRequestsException the client failed {@code limit} times in the current window
     */
    public Caller authenticate(AccountId account, String client, Credentials credentials, Authenticator authenticator) {
        if (limit == 0 || credentials instanceof Credentials.EmailPassword) {
            return attempt(account, client, () -> authenticator.authenticate(account, credentials));
        }
        RequestCounter.Window current = counter.current(bucket(client), window);
        try {
            return authenticator.authenticate(account, credentials, current, failures -> refuseAt(failures, current));
        } catch (UnauthenticatedException e) {
            refuseAt(counter.peek(account, current).hits(), current);
            counter.hit(account, current.bucket(), window);
            throw e;
        }
    }

    private void refuseAt(int failures, RequestCounter.Window current) {
        if (failures >= limit) {
            throw new TooManyRequestsException(current.retryAfterSeconds());
        }
    }

    private static String bucket(String client) {
        String address = client.length() > MAX_CLIENT_LENGTH ? client.substring(0, MAX_CLIENT_LENGTH) : client;
        return "auth-failures " + address;
    }
}
