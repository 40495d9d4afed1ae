package io.groupdesk.api.zendeskcommon;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.credentials.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ZendeskCredentialsTest {

    @Test
    void readsBasicEmailAndPassword() {
        assertThat(ZendeskCredentials.parse(basic("alice@example.test:s3cret")))
                .contains(new Credentials.EmailPassword("alice@example.test", "s3cret"));
    }

    @Test
    void keepsColonsInsideThePassword() {
        assertThat(ZendeskCredentials.parse(basic("alice@example.test:pass:word")))
                .contains(new Credentials.EmailPassword("alice@example.test", "pass:word"));
    }

    @Test
    void readsBasicEmailSlashTokenAsApiToken() {
        assertThat(ZendeskCredentials.parse(basic("alice@example.test/token:TOKEN123")))
                .contains(new Credentials.EmailToken("alice@example.test", "TOKEN123"));
    }

    @Test
    void readsBearerToken() {
        assertThat(ZendeskCredentials.parse("Bearer abc.def-123")).contains(new Credentials.Token("abc.def-123"));
    }

    @Test
    void readsBearerNullAsTheTokenNull() {
        // the Java client sends "Bearer null" when no credentials are set; it must reach the authenticator and fail
        assertThat(ZendeskCredentials.parse("Bearer null")).contains(new Credentials.Token("null"));
    }

    @Test
    void acceptsSchemesInAnyCaseAndSurroundingSpace() {
        assertThat(ZendeskCredentials.parse("  bearer   tok  ")).contains(new Credentials.Token("tok"));
        assertThat(ZendeskCredentials.parse("BASIC " + encode("bob@example.test:pw")))
                .contains(new Credentials.EmailPassword("bob@example.test", "pw"));
    }

    @Test
    void ignoresMissingHeader() {
        assertThat(ZendeskCredentials.parse(null)).isEmpty();
        assertThat(ZendeskCredentials.parse("")).isEmpty();
        assertThat(ZendeskCredentials.parse("   ")).isEmpty();
    }

    @Test
    void ignoresSchemeWithoutCredentials() {
        assertThat(ZendeskCredentials.parse("Basic")).isEmpty();
        assertThat(ZendeskCredentials.parse("Bearer")).isEmpty();
        assertThat(ZendeskCredentials.parse("Bearer    ")).isEmpty();
    }

    @Test
    void ignoresGarbageBasicCredentials() {
        assertThat(ZendeskCredentials.parse("Basic not-base64!!")).isEmpty();
        assertThat(ZendeskCredentials.parse(basic("no-colon-here"))).isEmpty();
        assertThat(ZendeskCredentials.parse(basic(":password-without-user"))).isEmpty();
    }

    @Test
    void ignoresEmptySecret() {
        assertThat(ZendeskCredentials.parse(basic("alice@example.test:"))).isEmpty();
        assertThat(ZendeskCredentials.parse(basic("alice@example.test/token:"))).isEmpty();
    }

    @Test
    void ignoresUnknownSchemes() {
        assertThat(ZendeskCredentials.parse("Digest username=\"alice\"")).isEmpty();
        assertThat(ZendeskCredentials.parse("Token abc")).isEmpty();
        assertThat(ZendeskCredentials.parse(encode("alice@example.test:pw"))).isEmpty();
    }

    private static String basic(String userAndSecret) {
        return "Basic " + encode(userAndSecret);
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
