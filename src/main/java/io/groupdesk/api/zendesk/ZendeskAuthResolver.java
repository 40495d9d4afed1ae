package io.groupdesk.api.zendesk;

import io.groupdesk.access.Authenticator;
import io.groupdesk.access.Caller;
import io.groupdesk.access.Credentials;
import io.groupdesk.accounts.AccountId;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.shared.UnauthenticatedException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Zendesk's three ways to authenticate: {@code Basic email:password}, {@code Basic email/token:TOKEN} and
 * {@code Bearer TOKEN}, checked inside the account the request's host names.
 */
final class ZendeskAuthResolver {
    private static final String TOKEN_SUFFIX = "/token";

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
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = value.substring(0, space);
        String rest = value.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return rest.isEmpty() ? Optional.empty() : Optional.of(new Credentials.Token(rest));
        }
        if (!scheme.equalsIgnoreCase("Basic")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String user = decoded.substring(0, colon);
        String secret = decoded.substring(colon + 1);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        if (user.endsWith(TOKEN_SUFFIX)) {
            return Optional.of(
                    new Credentials.EmailToken(user.substring(0, user.length() - TOKEN_SUFFIX.length()), secret));
        }
        return Optional.of(new Credentials.EmailPassword(user, secret));
    }
}
