package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ZendeskAuthResolverTest {

    @Test
    void readsBasicEmailAndPassword() {
        assertThat(ZendeskAuthResolver.parse(basic("alice@example.test:s3cret")))
                .contains(new Credentials.EmailPassword("alice@example.test", "s3cret"));
    }

    @Test
    void keepsColonsInsideThePassword() {
        assertThat(ZendeskAuthResolver.parse(basic("alice@example.test:pass:word")))
                .contains(new Credentials.EmailPassword("alice@example.test", "pass:word"));
    }

    @Test
    void readsBasicEmailSlashTokenAsApiToken() {
        assertThat(ZendeskAuthResolver.parse(basic("alice@example.test/token:TOKEN123")))
                .contains(new Credentials.EmailToken("alice@example.test", "TOKEN123"));
    }

    @Test
    void readsBearerToken() {
        assertThat(ZendeskAuthResolver.parse("Bearer abc.def-123")).contains(new Credentials.Token("abc.def-123"));
    }

    @Test
    void readsBearerNullAsTheTokenNull() {
        // the Java client sends "Bearer null" when no credentials are set; it must reach the authenticator and fail
        assertThat(ZendeskAuthResolver.parse("Bearer null")).contains(new Credentials.Token("null"));
    }

    @Test
    void acceptsSchemesInAnyCaseAndSurroundingSpace() {
        assertThat(ZendeskAuthResolver.parse("  bearer   tok  ")).contains(new Credentials.Token("tok"));
        assertThat(ZendeskAuthResolver.parse("BASIC " + encode("bob@example.test:pw")))
                .contains(new Credentials.EmailPassword("bob@example.test", "pw"));
    }

    @Test
    void ignoresMissingHeader() {
        assertThat(ZendeskAuthResolver.parse(null)).isEmpty();
        assertThat(ZendeskAuthResolver.parse("")).isEmpty();
        assertThat(ZendeskAuthResolver.parse("   ")).isEmpty();
    }

    @Test
    void ignoresSchemeWithoutCredentials() {
        assertThat(ZendeskAuthResolver.parse("Basic")).isEmpty();
        assertThat(ZendeskAuthResolver.parse("Bearer")).isEmpty();
        assertThat(ZendeskAuthResolver.parse("Bearer    ")).isEmpty();
    }

    @Test
    void ignoresGarbageBasicCredentials() {
        assertThat(ZendeskAuthResolver.parse("Basic not-base64!!")).isEmpty();
        assertThat(ZendeskAuthResolver.parse(basic("no-colon-here"))).isEmpty();
        assertThat(ZendeskAuthResolver.parse(basic(":password-without-user"))).isEmpty();
    }

    @Test
    void ignoresEmptySecret() {
        assertThat(ZendeskAuthResolver.parse(basic("alice@example.test:"))).isEmpty();
        assertThat(ZendeskAuthResolver.parse(basic("alice@example.test/token:")))
                .isEmpty();
    }

    @Test
    void ignoresUnknownSchemes() {
        assertThat(ZendeskAuthResolver.parse("Digest username=\"alice\"")).isEmpty();
        assertThat(ZendeskAuthResolver.parse("Token abc")).isEmpty();
        assertThat(ZendeskAuthResolver.parse(encode("alice@example.test:pw"))).isEmpty();
    }

    private static String basic(String userAndSecret) {
        return "Basic " + encode(userAndSecret);
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
