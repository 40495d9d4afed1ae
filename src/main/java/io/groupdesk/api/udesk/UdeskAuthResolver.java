package io.groupdesk.api.udesk;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.api.QueryString;
import io.groupdesk.api.RequestLimits;
import io.groupdesk.credentials.Authenticator;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.UnauthenticatedException;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a signed Udesk request (reference §4, Udesk dialect, points 2 and 3): {@code email}, {@code timestamp},
 * {@code nonce}, {@code sign} and {@code sign_version} in the query string, in this order of checks: nonce present,
 * timestamp well formed and within five minutes, signature made with one of the account's tokens, the email an
 * admin's, and only then the nonce claimed, so a rejected request does not burn its nonce. The credential reader of
 * this dialect's {@link io.groupdesk.api.RouteGuard}.
 */
final class UdeskAuthResolver {
    static final String LEGACY_SETTING = "udesk.legacy_sha1_signatures";
    static final Duration MAX_SKEW = Duration.ofSeconds(300);
    static final Duration NONCE_LIFETIME = Duration.ofMinutes(15);
    static final int MAX_NONCE_LENGTH = 128;

    private final AccountService accounts;
    private final Authenticator authenticator;
    private final Clock clock;
    private final RequestLimits limits;

    UdeskAuthResolver(AccountService accounts, Authenticator authenticator, Clock clock, RequestLimits limits) {
        this.limits = limits;
        this.accounts = accounts;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    Caller authenticate(Context ctx, AccountId account) {
        QueryString query = QueryString.parse(ctx.queryString());
        String email = query.first("email").map(String::strip).orElse("");
        String sign = query.first("sign").map(String::strip).orElse("");
        String timestamp = query.first("timestamp").map(String::strip).orElse("");
        Optional<String> nonce = query.first("nonce").map(String::strip).filter(n -> !n.isEmpty());
        String version = query.first("sign_version").map(String::strip).orElse("");
        boolean legacy = version.isEmpty() || version.equals("v1");
        if (!version.equals("v2") && !(legacy && legacyAllowed(account))) {
            throw new UdeskException(
                    UdeskException.BAD_SIGNATURE, "open api签名不对", "sign_version=v2 with a nonce is required");
        }
        if (!legacy && nonce.isEmpty()) {
            throw new UdeskException(UdeskException.NONCE_MISSING, "nonce不能为空", "nonce is required");
        }
        if (nonce.isPresent() && nonce.get().length() > MAX_NONCE_LENGTH) {
            throw new UdeskException(UdeskException.NONCE_MISSING, "nonce不能为空", "nonce must be at most 128 characters");
        }
        if (!timestamp.matches("\\d{1,12}")) {
            throw new UdeskException(UdeskException.BAD_TIMESTAMP, "timestamp格式不对", "timestamp must be Unix seconds");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp));
        if (skew > MAX_SKEW.toSeconds()) {
            throw new UdeskException(
                    UdeskException.STALE_TIMESTAMP, "timestamp已过期", "timestamp is more than 300 seconds away");
        }
        if (email.isEmpty() || !sign.matches("[0-9a-fA-F]{40,64}")) {
            throw badSignature();
        }
        Optional<Caller> caller;
        try {
            // only a signature no token made counts as a failure towards the throttle, and nothing is claimed for it
            caller = limits.checkSecret(
                    ctx,
                    account,
                    () -> authenticator.authenticateSigned(
                            account,
                            email,
                            token -> UdeskSignature.matches(
                                    legacy
                                            ? UdeskSignature.legacy(email, token, timestamp)
                                            : UdeskSignature.v2(email, token, timestamp, nonce.get()),
                                    sign)));
        } catch (UnauthenticatedException e) {
            throw badSignature();
        }
        if (caller.isEmpty() || !caller.get().isAdmin()) {
            throw new UdeskException(UdeskException.NOT_ADMIN, "不是管理员", "the email is not an administrator's");
        }
        if (nonce.isPresent() && !authenticator.claimNonce(account, nonce.get(), NONCE_LIFETIME)) {
            throw new UdeskException(
                    UdeskException.NONCE_USED, "nonce已使用", "the nonce was used in the last 15 minutes");
        }
        return caller.get();
    }

    private boolean legacyAllowed(AccountId account) {
        Map<String, String> settings = accounts.settings(Caller.system(account));
        return "true".equalsIgnoreCase(settings.get(LEGACY_SETTING));
    }

    private static UdeskException badSignature() {
        return new UdeskException(UdeskException.BAD_SIGNATURE, "open api签名不对", "the signature does not match");
    }
}
