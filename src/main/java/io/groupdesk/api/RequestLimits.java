package io.groupdesk.api;

import io.groupdesk.access.Caller;
import io.groupdesk.credentials.AuthThrottle;
import io.groupdesk.credentials.Authenticator;
import io.groupdesk.credentials.Credentials;
import io.groupdesk.credentials.RateLimit;
import io.groupdesk.shared.AccountId;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One dialect's limits on a request: failed authentications throttled per client address, and the account's rate
 * limit for the dialect. The client address is the connection's, or the one a trusted proxy forwards
 * ({@link ProxyHeaders#client}). Bodies read before authentication share the node's slots for such reads
 * ({@link RequestBodies}).
 */
public final class RequestLimits {
    private final AuthThrottle throttle;
    private final RateLimit rate;
    private final ProxyHeaders proxy;
    private final RequestBodies bodies;

    public RequestLimits(AuthThrottle throttle, RateLimit rate, ProxyHeaders proxy, RequestBodies bodies) {
        this.throttle = throttle;
        this.rate = rate;
        this.proxy = proxy;
        this.bodies = bodies;
    }

    /**
     * Reads the request's body before its sender is authenticated, in one of the node's slots for such reads.
     *
     * @throws io.groupdesk.shared.TooManyRequestsException every slot is taken
     */
    public <T> T readBeforeAuthentication(Context ctx, Supplier<T> reading) {
        return bodies.readUnauthenticated(ctx, reading);
    }

    /**
     * Runs a check of a high-entropy secret presented by the request's client (a signature made with an API token)
     * against {@code account} through the failure throttle, which claims nothing for it
     * ({@link AuthThrottle#checkSecret}).
     */
    public <T> T checkSecret(Context ctx, AccountId account, Supplier<T> check) {
        return throttle.checkSecret(account, client(ctx), check);
    }

    /**
     * Authenticates the request's client against {@code account} through the failure throttle: a password under a
     * claim taken before it is checked, a token with the throttle's count read in the authenticator's own statement
     * ({@link AuthThrottle#authenticate}).
     */
    public Caller authenticate(Context ctx, AccountId account, Credentials credentials, Authenticator authenticator) {
        return throttle.authenticate(account, client(ctx), credentials, authenticator);
    }

    /** Counts an authenticated request against the account's rate limit; empty when the dialect has none. */
    public Optional<RateLimit.Quota> spend(AccountId account) {
        return rate.spend(account);
    }

    String client(Context ctx) {
        return proxy.client(ctx);
    }
}
