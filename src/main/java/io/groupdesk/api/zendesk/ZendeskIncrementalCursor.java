package io.groupdesk.api.zendesk;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;

/**
 * A position in an incremental export: the {@code updated_at} (to the microsecond) and id of the last user read.
 * Opaque to clients: unpadded base64url of {@code "u1:" + micros + ":" + id}.
 */
record ZendeskIncrementalCursor(Instant updatedAt, long id) {
    private static final String PREFIX = "u1:";

    String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    static Optional<ZendeskIncrementalCursor> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 96) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            if (!decoded.startsWith(PREFIX)) {
                return Optional.empty();
            }
            String[] parts = decoded.substring(PREFIX.length()).split(":", -1);
            if (parts.length != 2) {
                return Optional.empty();
            }
            long micros = Long.parseLong(parts[0]);
            long id = Long.parseLong(parts[1]);
            if (micros < 0 || id < 0) {
                return Optional.empty();
            }
            return Optional.of(new ZendeskIncrementalCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
