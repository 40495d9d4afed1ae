package io.groupdesk.api.zendesk;

import io.groupdesk.access.Authenticator;
import io.groupdesk.access.Caller;
import io.groupdesk.access.Credentials;
import io.groupdesk.accounts.AccountId;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.zendeskcommon.ZendeskCredentials;
import io.groupdesk.shared.UnauthenticatedException;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Zendesk's three ways to authenticate: {@code Basic email:password}, {@code Basic email/token:TOKEN} and
 * {@code Bearer TOKEN}, checked inside the account the request's host names.
 */
final class ZendeskAuthResolver {
    private final AccountService accounts;
    private final Authenticator authenticator;
    private final AccountId fallbackAccount;

    ZendeskAuthResolver(AccountService accounts, Authenticator authenticator, AccountId fallbackAccount) {
        this.accounts = accounts;
        this.authenticator = authenticator;
        this.fallbackAccount = fallbackAccount;
    }

    AccountId account(Context ctx) {
        return accounts.forHost(BaseUrl.requestHost(ctx), fallbackAccount);
    }

    /** @throws UnauthenticatedException missing, malformed or wrong credentials */
    Caller authenticate(Context ctx, AccountId account) {
        Credentials credentials = parse(ctx.header("Authorization")).orElseThrow(UnauthenticatedException::new);
        return authenticator.authenticate(account, credentials);
    }

    static Optional<Credentials> parse(String header) {
        return ZendeskCredentials.parse(header);
    }
}
