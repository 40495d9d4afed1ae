package io.groupdesk.api.zendesk;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.RequestLimits;
import io.groupdesk.api.zendeskcommon.ZendeskCredentials;
import io.groupdesk.credentials.Authenticator;
import io.groupdesk.credentials.Credentials;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.TooManyRequestsException;
import io.groupdesk.shared.UnauthenticatedException;
import io.javalin.http.Context;

/**
 * Zendesk's three ways to authenticate: {@code Basic email:password}, {@code Basic email/token:TOKEN} and
 * {@code Bearer TOKEN}, checked inside the account the request's host names.
 */
final class ZendeskAuthResolver {
    private final AccountService accounts;
    private final Authenticator authenticator;
    private final AccountId fallbackAccount;
    private final RequestLimits limits;
    private final BaseUrl baseUrl;

    ZendeskAuthResolver(
            AccountService accounts,
            Authenticator authenticator,
            AccountId fallbackAccount,
            RequestLimits limits,
            BaseUrl baseUrl) {
        this.accounts = accounts;
        this.baseUrl = baseUrl;
        this.authenticator = authenticator;
        this.fallbackAccount = fallbackAccount;
        this.limits = limits;
    }

    AccountId account(Context ctx) {
        return accounts.forHost(baseUrl.host(ctx), fallbackAccount);
    }

    /**
     * Only wrong credentials count as failures towards the throttle: a client that first asks without any (as
     * challenge-response clients do) is not held against.
     *
     * @throws UnauthenticatedException missing, malformed or wrong credentials
     * @throws TooManyRequestsException too many failures from the client's address
     */
    Caller authenticate(Context ctx, AccountId account) {
        Credentials credentials =
                ZendeskCredentials.parse(ctx.header("Authorization")).orElseThrow(UnauthenticatedException::new);
        return limits.authenticate(ctx, account, credentials, authenticator);
    }
}
