package io.groupdesk.api.udesk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Udesk's request signatures (reference §1.2): v2 is the lowercase hex SHA-256 of
 * {@code email&token&timestamp&nonce&v2}; the legacy form, without nonce, is SHA-1 of {@code email&token&timestamp}.
 */
final class UdeskSignature {
    private UdeskSignature() {}

    static String v2(String email, String token, String timestamp, String nonce) {
        return hex("SHA-256", email + "&" + token + "&" + timestamp + "&" + nonce + "&v2");
    }

    static String legacy(String email, String token, String timestamp) {
        return hex("SHA-1", email + "&" + token + "&" + timestamp);
    }

    /** Compares a presented signature with the expected one in constant time, ignoring the case of hex digits. */
    static boolean matches(String expected, String presented) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                presented.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }
}
