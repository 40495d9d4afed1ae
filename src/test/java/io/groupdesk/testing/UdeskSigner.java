package io.groupdesk.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Signs Udesk open API requests the way Udesk's clients do (reference udesk_usedesk.md §1.2), computed here on its
 * own rather than through the production class, so the tests check the server against the formula.
 */
public final class UdeskSigner {
    private UdeskSigner() {}

    /** The auth parameters of one request; a null part is left out of the query string. */
    public record Signature(String email, String timestamp, String nonce, String sign, String signVersion) {
        public Signature withEmail(String value) {
            return new Signature(value, timestamp, nonce, sign, signVersion);
        }

        public Signature withTimestamp(String value) {
            return new Signature(email, value, nonce, sign, signVersion);
        }

        public Signature withNonce(String value) {
            return new Signature(email, timestamp, value, sign, signVersion);
        }

        public Signature withSign(String value) {
            return new Signature(email, timestamp, nonce, value, signVersion);
        }

        public Signature withSignVersion(String value) {
            return new Signature(email, timestamp, nonce, sign, value);
        }

        /** {@code email=…&timestamp=…&nonce=…&sign=…&sign_version=…}, URL-encoded. */
        public String query() {
            List<String> pairs = new ArrayList<>();
            add(pairs, "email", email);
            add(pairs, "timestamp", timestamp);
            add(pairs, "nonce", nonce);
            add(pairs, "sign", sign);
            add(pairs, "sign_version", signVersion);
            return String.join("&", pairs);
        }

        private static void add(List<String> pairs, String name, String value) {
            if (value != null) {
                pairs.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    /** A v2 signature made now, with a fresh nonce. */
    public static Signature v2(String email, String token) {
        return v2(email, token, now(), UUID.randomUUID().toString());
    }

    /** SHA-256 of {@code email&token&timestamp&nonce&v2}. */
    public static Signature v2(String email, String token, String timestamp, String nonce) {
        String sign = sha256Hex(email + "&" + token + "&" + timestamp + "&" + nonce + "&v2");
        return new Signature(email, timestamp, nonce, sign, "v2");
    }

    /** The legacy form, made now: SHA-1 of {@code email&token&timestamp}, with no nonce and no sign_version. */
    public static Signature legacy(String email, String token) {
        return legacy(email, token, now());
    }

    public static Signature legacy(String email, String token, String timestamp) {
        return new Signature(email, timestamp, null, sha1Hex(email + "&" + token + "&" + timestamp), null);
    }

    /** The current Unix time in seconds, as Udesk's {@code timestamp}. */
    public static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }

    public static String sha256Hex(String text) {
        return hex("SHA-256", text);
    }

    public static String sha1Hex(String text) {
        return hex("SHA-1", text);
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
