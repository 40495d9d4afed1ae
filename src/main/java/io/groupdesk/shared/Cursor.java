package io.groupdesk.shared;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * An opaque, dialect-neutral position in a list ordered by id: the id of the row the page starts or ends at.
 * Encoded as unpadded base64url of {@code "v1:" + id} so clients treat it as opaque and it survives any URL.
 */
public record Cursor(long id) {
    private static final String PREFIX = "v1:";

    public String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads a cursor produced by {@link #encode()}; anything else is empty. */
    public static Optional<Cursor> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            if (!decoded.startsWith(PREFIX)) {
                return Optional.empty();
            }
            long id = Long.parseLong(decoded.substring(PREFIX.length()));
            return id >= 0 ? Optional.of(new Cursor(id)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
