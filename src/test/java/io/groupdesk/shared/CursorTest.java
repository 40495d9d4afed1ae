package io.groupdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void roundTripsAnId() {
        Cursor cursor = new Cursor(1234567890123L);

        String encoded = cursor.encode();

        assertThat(Cursor.parse(encoded)).contains(cursor);
    }

    @Test
    void roundTripsTheSmallestAndLargestIds() {
        assertThat(Cursor.parse(new Cursor(0).encode())).contains(new Cursor(0));
        assertThat(Cursor.parse(new Cursor(Long.MAX_VALUE).encode())).contains(new Cursor(Long.MAX_VALUE));
    }

    @Test
    void encodesAsUnpaddedBase64UrlThatNeedsNoEscapingInAUrl() {
        String encoded = new Cursor(42).encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.US_ASCII))
                .isEqualTo("v1:42");
    }

    @Test
    void rejectsMissingAndEmptyText() {
        assertThat(Cursor.parse(null)).isEmpty();
        assertThat(Cursor.parse("")).isEmpty();
    }

    @Test
    void rejectsGarbage() {
        assertThat(Cursor.parse("bogus")).isEmpty();
        assertThat(Cursor.parse("not base64!")).isEmpty();
        assertThat(Cursor.parse("%%%")).isEmpty();
        assertThat(Cursor.parse(encode("v1:"))).isEmpty();
        assertThat(Cursor.parse(encode("v1:abc"))).isEmpty();
        assertThat(Cursor.parse(encode("v1:12 "))).isEmpty();
        assertThat(Cursor.parse(encode("v1:99999999999999999999"))).isEmpty();
    }

    @Test
    void rejectsNegativeIds() {
        String negative = new Cursor(-5).encode();

        assertThat(Cursor.parse(negative)).isEmpty();
        assertThat(Cursor.parse(encode("v1:-1"))).isEmpty();
    }

    @Test
    void rejectsTextLongerThan64Characters() {
        String padded = encode("v1:" + "0".repeat(60) + "7");

        assertThat(padded).hasSizeGreaterThan(64);
        assertThat(Cursor.parse(padded)).isEmpty();
    }

    @Test
    void rejectsOtherPrefixes() {
        assertThat(Cursor.parse(encode("v2:5"))).isEmpty();
        assertThat(Cursor.parse(encode("V1:5"))).isEmpty();
        assertThat(Cursor.parse(encode("5"))).isEmpty();
        assertThat(Cursor.parse(encode(":5"))).isEmpty();
    }

    @Test
    void rejectsStandardBase64Alphabet() {
        String standard = Base64.getEncoder().encodeToString("v1:1?>".getBytes(StandardCharsets.US_ASCII));

        assertThat(standard).containsAnyOf("+", "/");
        assertThat(Cursor.parse(standard)).isEmpty();
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
