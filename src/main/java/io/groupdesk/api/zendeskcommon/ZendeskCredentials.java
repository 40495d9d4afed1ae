package io.groupdesk.api.zendeskcommon;

import io.groupdesk.access.Caller;
import io.groupdesk.api.RequestLimits;
import io.groupdesk.api.RouteGuard;
import io.groupdesk.credentials.Authenticator;
import io.groupdesk.credentials.Credentials;
import io.groupdesk.shared.UnauthenticatedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Zendesk's {@code Authorization} header forms: {@code Basic email:password}, {@code Basic email/token:TOKEN} and
 * {@code Bearer TOKEN}, read the same way by the v2 API and the classic one.
 */
public final class ZendeskCredentials {
    private static final String TOKEN_SUFFIX = "/token";

    private ZendeskCredentials() {}

    /**
     * The credential reader of both Zendesk dialects' {@link RouteGuard}: the {@code Authorization} header, checked
     * inside the account the request's host names through the failed-authentication throttle. Only wrong credentials
     * count as failures towards the throttle: a client that first asks without any (as challenge-response clients do)
     * is not held against.
     *
     * <p>Throws {@link UnauthenticatedException} for missing, malformed or wrong credentials, and
     * {@link io.groupdesk.shared.TooManyRequestsException} after too many failures from the client's address.
     */
    public static RouteGuard.CredentialReader<Caller> reader(Authenticator authenticator, RequestLimits limits) {
        return (ctx, account) -> {
            Credentials credentials = parse(ctx.header("Authorization")).orElseThrow(UnauthenticatedException::new);
            return limits.authenticate(ctx, account, credentials, authenticator);
        };
    }

    /** The credentials in an {@code Authorization} header; empty when it is missing or malformed. */
    public static Optional<Credentials> parse(String header) {
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
