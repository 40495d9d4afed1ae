package io.groupdesk.api.console;

import io.groupdesk.credentials.SecretBox;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the console's cookies with HMAC-SHA256 under a key derived from the server's secret key, so that
 * every node sharing that key accepts every other node's sessions and nothing is stored. A session cookie is
 * {@code <account>.<agent>.<expires epoch seconds>.<signature>}; the CSRF token of a form is a signature of the
 * session cookie, and that of the sign-in form a signature of a random value kept in a cookie of its own.
 */
final class SessionCookies {
    static final String PURPOSE = "groupdesk console cookies v1";

    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final List<byte[]> keys;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    SessionCookies(SecretBox box, Clock clock, Duration lifetime) {
        this.keys = box.derivedKeys(PURPOSE);
        this.clock = clock;
        this.lifetime = lifetime;
    }

    Duration lifetime() {
        return lifetime;
    }

    /** A new session for an agent that has just signed in, expiring after the lifetime. */
    ConsoleSession issue(AccountId account, AgentId agent) {
        Instant expires = clock.instant().plus(lifetime);
        String payload = account.value() + "." + agent.value() + "." + expires.getEpochSecond();
        String token = payload + "." + sign(keys.get(0), "session|" + payload);
        return new ConsoleSession(account, agent, expires, token);
    }

    /** The session a cookie value carries; empty when it is malformed, forged or expired. */
    Optional<ConsoleSession> read(String cookie) {
        if (cookie == null || cookie.length() > 200) {
            return Optional.empty();
        }
        String[] parts = cookie.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        String payload = parts[0] + "." + parts[1] + "." + parts[2];
        if (!verifies("session|" + payload, parts[3])) {
            return Optional.empty();
        }
        try {
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
            if (!clock.instant().isBefore(expires)) {
                return Optional.empty();
            }
            return Optional.of(new ConsoleSession(
                    new AccountId(Long.parseLong(parts[0])), new AgentId(Long.parseLong(parts[1])), expires, cookie));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The token a session's forms carry: only a page of this session can know it. */
    String csrfToken(ConsoleSession session) {
        return sign(keys.get(0), "csrf|" + session.token());
    }

    boolean csrfMatches(ConsoleSession session, String presented) {
        return presented != null && verifies("csrf|" + session.token(), presented);
    }

    /** A fresh random value for the sign-in cookie. */
    String newSignInNonce() {
        byte[] nonce = new byte[18];
        random.nextBytes(nonce);
        return BASE64.encodeToString(nonce);
    }

    String signInToken(String nonce) {
        return sign(keys.get(0), "sign-in|" + nonce);
    }

    boolean signInMatches(String nonce, String presented) {
        return nonce != null && presented != null && !nonce.isEmpty() && verifies("sign-in|" + nonce, presented);
    }

    private boolean verifies(String message, String signature) {
        byte[] presented = signature.getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (byte[] key : keys) {
            byte[] expected = sign(key, message).getBytes(StandardCharsets.US_ASCII);
            matched |= MessageDigest.isEqual(expected, presented);
        }
        return matched;
    }

    private static String sign(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return BASE64.encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HMAC-SHA256", e);
        }
    }
}
