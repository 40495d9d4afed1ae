package io.groupdesk.api;

import io.groupdesk.accounts.AccountService;
import io.groupdesk.credentials.RateLimit;
import io.groupdesk.events.Origin;
import io.groupdesk.events.Via;
import io.groupdesk.observability.RequestIds;
import io.groupdesk.shared.AccountId;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Optional;

/**
 * The one sequence in front of every route of every dialect and the console: the account the request's host names,
 * the caller authenticated in the dialect's way, the account's rate limit spent, and then the handler, given what
 * authentication produced; any failure on the way, or in the handler, goes to the dialect's error mapper. A dialect
 * brings only what is its own: how it reads a credential, which headers it puts on a spent quota, and how it renders a
 * failure.
 *
 * @param <P> what authentication produces and the handler receives: a {@code Caller}, or a caller with what the
 *     dialect read to find it (Usedesk's parameters, the console's signed-in agent)
 */
public final class RouteGuard<P> {
    private final Via via;
    private final AccountService accounts;
    private final AccountId fallbackAccount;
    private final BaseUrl baseUrl;
    private final CredentialReader<P> credentials;
    private final RateLimiting rateLimiting;
    private final ErrorMapper<P> errors;

    /**
     * @param via the door, as the events of the changes its requests make record it
     * @param fallbackAccount the account of a host that names none
     * @param rateLimiting what an authenticated request spends, {@link RateLimiting#NONE} for nothing
     */
    public RouteGuard(
            Via via,
            AccountService accounts,
            AccountId fallbackAccount,
            BaseUrl baseUrl,
            CredentialReader<P> credentials,
            RateLimiting rateLimiting,
            ErrorMapper<P> errors) {
        this.via = via;
        this.accounts = accounts;
        this.fallbackAccount = fallbackAccount;
        this.baseUrl = baseUrl;
        this.credentials = credentials;
        this.rateLimiting = rateLimiting;
        this.errors = errors;
    }

    /** Authenticates a request in the dialect's way, within the account its host names. */
    @FunctionalInterface
    public interface CredentialReader<P> {
        /**
         * @throws io.groupdesk.shared.UnauthenticatedException (or the dialect's own refusal) when the request does not
         *     prove who sent it
         */
        P authenticate(Context ctx, AccountId account) throws Exception;
    }

    /** A route's work, once its caller is known. */
    @FunctionalInterface
    public interface Endpoint<P> {
        void handle(Context ctx, P principal) throws Exception;
    }

    /** A route's work that needs no caller, only the account the request addresses. */
    @FunctionalInterface
    public interface AccountEndpoint {
        void handle(Context ctx, AccountId account) throws Exception;
    }

    /**
     * The dialect's one answer to every failure.
     *
     * @param principal who the caller is, when the failure came after authentication
     */
    @FunctionalInterface
    public interface ErrorMapper<P> {
        void render(Context ctx, Exception failure, Optional<P> principal);
    }

    /** What an authenticated request spends from its account's rate limit. */
    @FunctionalInterface
    public interface RateLimiting {
        /** The console's: it has no rate limit. */
        RateLimiting NONE = (ctx, account) -> {};

        /**
         * @throws io.groupdesk.shared.TooManyRequestsException the account's quota is spent
         */
        void spend(Context ctx, AccountId account);

        /** The dialect's limit, enforced; the answer carries no quota headers. */
        static RateLimiting of(RequestLimits limits) {
            return of(limits, (ctx, quota) -> {});
        }

        /** The dialect's limit, enforced after {@code headers} put the quota on the answer (also on a refusal). */
        static RateLimiting of(RequestLimits limits, QuotaHeaders headers) {
            return (ctx, account) -> limits.spend(account).ifPresent(quota -> {
                headers.write(ctx, quota);
                quota.enforce();
            });
        }
    }

    /** How a dialect shows a spent quota's state on its answers. */
    @FunctionalInterface
    public interface QuotaHeaders {
        void write(Context ctx, RateLimit.Quota quota);
    }

    /**
     * The whole sequence: account, authentication, rate limit, then {@code endpoint}, with the request's
     * {@link Origin} bound for the events of what it changes.
     */
    public Handler guard(Endpoint<P> endpoint) {
        return ctx -> {
            Optional<P> principal = Optional.empty();
            try (Origin.Scope origin = origin(ctx).bind()) {
                AccountId account = account(ctx);
                principal = Optional.of(credentials.authenticate(ctx, account));
                rateLimiting.spend(ctx, account);
                endpoint.handle(ctx, principal.get());
            } catch (Exception e) {
                errors.render(ctx, e, principal);
            }
        };
    }

    /**
     * The account and the error mapping only, for the few routes anyone may call (a sign-in, an anonymous
     * {@code users/me}): they spend no rate limit, as no account is known to be behind them.
     */
    public Handler withoutCredentials(AccountEndpoint endpoint) {
        return ctx -> {
            try (Origin.Scope origin = origin(ctx).bind()) {
                endpoint.handle(ctx, account(ctx));
            } catch (Exception e) {
                errors.render(ctx, e, Optional.empty());
            }
        };
    }

    private Origin origin(Context ctx) {
        return new Origin(via, Optional.of(RequestIds.of(ctx)), Optional.ofNullable(baseUrl.client(ctx)));
    }

    private AccountId account(Context ctx) {
        return accounts.forHost(baseUrl.host(ctx), fallbackAccount);
    }
}
