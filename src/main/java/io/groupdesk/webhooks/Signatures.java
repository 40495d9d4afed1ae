package io.groupdesk.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Zendesk's webhook signature: {@code base64(HMAC-SHA256(secret, timestamp + body))}, the secret's UTF-8 bytes the
 * key, the timestamp the {@code X-Zendesk-Webhook-Signature-Timestamp} header's value and the body its raw bytes.
 */
public final class Signatures {
    /**
     * The secret Zendesk signs test requests of no stored webhook with (its documentation publishes it), so receivers
     * written for Zendesk verify them the same way.
     */
    public static final String TEST_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Signatures() {}

    /** A new signing secret: 32 random bytes in base64, as Zendesk's look. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The signature timestamp header's value for {@code instant}, to the second in UTC as Zendesk writes it. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HMAC-SHA256", e);
        }
    }
}
