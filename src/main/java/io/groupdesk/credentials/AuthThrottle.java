package io.groupdesk.credentials;

import io.groupdesk.access.Caller;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.TooManyRequestsException;
import io.groupdesk.shared.UnauthenticatedException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Refuses authentication from a client address to an account once {@code limit} authentications from it failed in
 * the current window, right credentials included, until the window ends. Only failures are counted. A request without
 * credentials never comes here, so it is not counted either. Credentials come in two kinds, throttled two ways:
 *
 * <ul>
 *   <li>A password ({@link #checkPassword}) is guessable, so what must hold is that no more than {@code limit} are
 *       ever checked per window, however many guesses arrive at once, on however many nodes. Each check is claimed
 *       in the database before it runs, and a claim is refused while the window's failures and the checks in flight
 *       reach the limit; a claim refused while only checks in flight hold the limit waits for them (up to 2 s), so a
 *       client signing in correctly many times at once is let in. A success gives its claim back and is not counted.
 *       The claim's two single-row writes are noise beside the Argon2 hash the check costs anyway.
 *   <li>A secret ({@link #checkSecret}, and a token in {@link #authenticate}): a generated API token or Udesk sign-in
 *       token is 40 random letters and digits ({@link ApiTokenService#TOKEN_LENGTH}, {@link Secrets#random}: about 238
 *       bits), and a Udesk signature is made with one, so guessing one is hopeless however many guesses are checked (a
 *       bootstrap token set in the configuration is as strong as the operator made it). What must hold is that no more
 *       than {@code limit} failures are ever answered as failures per window, and that a right secret costs no write
 *       and is never held back by its own concurrency: an integration sends many requests at once with one token from
 *       one address. Nothing is claimed; a right token costs only a column of the statement that reads it (a signature,
 *       one read before it is checked), and a wrong one is counted with one UPDATE that counts it only while the
 *       window's failures and the password checks in flight stay below the limit. A failure that could not be counted
 *       is answered as a refusal ({@link TooManyRequestsException}), not as a failure.
 * </ul>
 */
public final class AuthThrottle {
    /** What the name of every bucket of this throttle starts with, the client address following. */
    static final String BUCKET_PREFIX = "auth-failures ";

    private static final int MAX_CLIENT_LENGTH = 64;
    /**
     * How long a password check waits for a claim held by checks in flight (a password hash takes tens of
     * milliseconds), so that a client signing in correctly many times at once is let in rather than refused.
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
     * Runs {@code check}, a password check, for {@code client} (a network address) once a check is claimed for it,
     * and counts it when it fails with {@link UnauthenticatedException}: a throttled client never costs a password
     * hash.
     *
     * @throws TooManyRequestsException the client failed {@code limit} times in the current window, or checks in
     *     flight held the rest of the limit for longer than a check takes
     */
    public <T> T checkPassword(AccountId account, String client, Supplier<T> check) {
        if (limit == 0) {
            return check.get();
        }
        RequestCounter.Claim claim = claim(account, bucket(client));
        boolean failed = false;
        try {
            return check.get();
        } catch (UnauthenticatedException e) {
            failed = true;
            throw e;
        } finally {
            counter.release(claim, failed);
        }
    }

    /**
     * Runs {@code check}, a check of a high-entropy secret (a signature made with an API token), for {@code client}
     * (a network address) unless the client is throttled, and counts it when it fails with
     * {@link UnauthenticatedException}. Nothing is claimed, so a right secret costs one read and no write.
     *
     * @throws UnauthenticatedException the check failed and was counted
     * @throws TooManyRequestsException the client failed {@code limit} times in the current window, before the check
     *     or by the time its failure was to be counted
     */
    public <T> T checkSecret(AccountId account, String client, Supplier<T> check) {
        if (limit == 0) {
            return check.get();
        }
        RequestCounter.Window current = counter.current(bucket(client), window);
        OptionalInt known = counter.known(account, current);
        refuseAt(
                known.isPresent()
                        ? known.getAsInt()
                        : counter.peek(account, current).hits(),
                current);
        try {
            return check.get();
        } catch (UnauthenticatedException e) {
            throw countFailure(account, current, e);
        }
    }

    /**
     * Checks {@code credentials} for {@code client}: a password through {@link #checkPassword}; a token the way
     * {@link #checkSecret} does, with the authenticator's statement, which reads the client's failures along with the
     * token's owner, one round trip and no write for a right token. A token the node's credential cache holds, while
     * the node knows every node's failures ({@link KnownFailures}), costs no statement.
     *
     * @throws UnauthenticatedException the credentials name no active agent of {@code account}
     * @throws TooManyRequestsException the client failed {@code limit} times in the current window
     */
    public Caller authenticate(AccountId account, String client, Credentials credentials, Authenticator authenticator) {
        if (limit == 0 || credentials instanceof Credentials.EmailPassword) {
            return checkPassword(account, client, () -> authenticator.authenticate(account, credentials));
        }
        RequestCounter.Window current = counter.current(bucket(client), window);
        Optional<Caller> cached = authenticator.cached(account, credentials);
        if (cached.isPresent()) {
            // a token this node holds, and every node's failures known here: no statement at all
            OptionalInt known = counter.known(account, current);
            if (known.isPresent()) {
                refuseAt(known.getAsInt(), current);
                return cached.get();
            }
        }
        try {
            return authenticator.authenticate(account, credentials, current, failures -> {
                counter.saw(account, current, failures);
                refuseAt(failures, current);
            });
        } catch (UnauthenticatedException e) {
            throw countFailure(account, current, e);
        }
    }

    /**
     * Counts a secret's failure, bounded by the limit: the failure to answer when it was counted, else the refusal
     * (after the window when its failures reached the limit, in a second when password checks in flight hold the rest).
     */
    private RuntimeException countFailure(
            AccountId account, RequestCounter.Window current, UnauthenticatedException failure) {
        if (counter.hitBelow(account, current, limit)) {
            return failure;
        }
        int failures = counter.peek(account, current).hits();
        return new TooManyRequestsException(failures >= limit ? current.retryAfterSeconds() : 1);
    }

    private void refuseAt(int failures, RequestCounter.Window current) {
        if (failures >= limit) {
            throw new TooManyRequestsException(current.retryAfterSeconds());
        }
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
        return BUCKET_PREFIX + address;
    }
}
