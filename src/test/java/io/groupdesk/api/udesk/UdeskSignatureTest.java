package io.groupdesk.api.udesk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The self-computed test vectors of reference udesk_usedesk.md §1.2. */
class UdeskSignatureTest {
    private static final String EMAIL = "admin@udesk.cn";
    private static final String TOKEN = "test-open-api-token";
    private static final String TIMESTAMP = "1494474404";
    private static final String NONCE = "2d931510-d99f-494a-8c67-87feb05e1594";
    private static final String V2_SIGN = "4ec0872333b61a283579f97d77a571bac0835628b435dde7cefe15b06ee84eda";
    private static final String LEGACY_SIGN = "0acdaabee6594e0c023208a1655766ad3613fb10";

    @Test
    void signsV2AsTheReferenceVector() {
        String sign = UdeskSignature.v2(EMAIL, TOKEN, TIMESTAMP, NONCE);

        assertThat(sign).isEqualTo(V2_SIGN);
    }

    @Test
    void signsLegacyFormAsTheReferenceVector() {
        String sign = UdeskSignature.legacy(EMAIL, TOKEN, TIMESTAMP);

        assertThat(sign).isEqualTo(LEGACY_SIGN);
    }

    @Test
    void signsV2AsSha256OfTheFivePartsJoinedWithAmpersands() {
        String email = "администратор@udesk.cn";

        String sign = UdeskSignature.v2(email, TOKEN, TIMESTAMP, NONCE);

        assertThat(sign).isEqualTo(digest("SHA-256", email + "&" + TOKEN + "&" + TIMESTAMP + "&" + NONCE + "&v2"));
        assertThat(sign).matches("[0-9a-f]{64}");
    }

    @Test
    void signsLegacyFormAsSha1WithoutNonce() {
        String sign = UdeskSignature.legacy(EMAIL, "other-token", "1700000000");

        assertThat(sign).isEqualTo(digest("SHA-1", EMAIL + "&other-token&1700000000"));
        assertThat(sign).matches("[0-9a-f]{40}");
    }

    @Test
    void changesWithEveryPartOfTheV2Signature() {
        String original = UdeskSignature.v2(EMAIL, TOKEN, TIMESTAMP, NONCE);

        String otherEmail = UdeskSignature.v2("agent@udesk.cn", TOKEN, TIMESTAMP, NONCE);
        String otherToken = UdeskSignature.v2(EMAIL, TOKEN + "x", TIMESTAMP, NONCE);
        String otherTimestamp = UdeskSignature.v2(EMAIL, TOKEN, "1494474405", NONCE);
        String otherNonce = UdeskSignature.v2(EMAIL, TOKEN, TIMESTAMP, "another-nonce");

        assertThat(List.of(otherEmail, otherToken, otherTimestamp, otherNonce))
                .doesNotContain(original)
                .doesNotHaveDuplicates();
    }

    @Test
    void matchesTheExpectedSignatureIgnoringHexCase() {
        boolean lower = UdeskSignature.matches(V2_SIGN, V2_SIGN);
        boolean upper = UdeskSignature.matches(V2_SIGN, V2_SIGN.toUpperCase(Locale.ROOT));
        boolean legacyUpper = UdeskSignature.matches(LEGACY_SIGN, LEGACY_SIGN.toUpperCase(Locale.ROOT));

        assertThat(lower).isTrue();
        assertThat(upper).isTrue();
        assertThat(legacyUpper).isTrue();
    }

    @Test
    void rejectsAnyOtherSignature() {
        String lastDigitChanged = V2_SIGN.substring(0, 63) + "b";
        String firstDigitChanged = "5" + V2_SIGN.substring(1);

        assertThat(UdeskSignature.matches(V2_SIGN, lastDigitChanged)).isFalse();
        assertThat(UdeskSignature.matches(V2_SIGN, firstDigitChanged)).isFalse();
        assertThat(UdeskSignature.matches(V2_SIGN, V2_SIGN.substring(0, 40))).isFalse();
        assertThat(UdeskSignature.matches(V2_SIGN, V2_SIGN + "0")).isFalse();
        assertThat(UdeskSignature.matches(V2_SIGN, LEGACY_SIGN)).isFalse();
        assertThat(UdeskSignature.matches(V2_SIGN, "")).isFalse();
    }

    private static String digest(String algorithm, String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
