package io.groupdesk.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.credentials.SecretBox;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionCookiesTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final AccountId ACCOUNT = new AccountId(7);
    private static final AgentId AGENT = new AgentId(42);

    private final byte[] oldKey = key();
    private final byte[] newKey = key();

    @Test
    void readsBackWhatItIssued() {
        SessionCookies cookies = cookies(new SecretBox(oldKey, List.of()), CLOCK);

        ConsoleSession session = cookies.issue(ACCOUNT, AGENT);

        assertThat(cookies.read(session.token())).hasValueSatisfying(read -> {
            assertThat(read.account()).isEqualTo(ACCOUNT);
            assertThat(read.agent()).isEqualTo(AGENT);
            assertThat(read.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(8)));
        });
    }

    @Test
    void sessionsSignedBeforeAKeyRotationStillHoldAndOnesFromAnUnknownKeyDoNot() {
        String before = cookies(new SecretBox(oldKey, List.of()), CLOCK)
                .issue(ACCOUNT, AGENT)
                .token();

        SessionCookies rotated = cookies(new SecretBox(newKey, List.of(oldKey)), CLOCK);
        SessionCookies stranger = cookies(new SecretBox(newKey, List.of()), CLOCK);

        assertThat(rotated.read(before)).isPresent();
        assertThat(stranger.read(before)).isEmpty();
    }

    @Test
    void refusesExpiredMalformedAndAlteredCookies() {
        SessionCookies cookies = cookies(new SecretBox(oldKey, List.of()), CLOCK);
        String token = cookies.issue(ACCOUNT, AGENT).token();
        SessionCookies later = cookies(
                new SecretBox(oldKey, List.of()),
                Clock.offset(CLOCK, Duration.ofHours(8).plusSeconds(1)));
        String[] parts = token.split("\\.");

        assertThat(later.read(token)).isEmpty();
        assertThat(cookies.read(parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 3600) + "." + parts[3]))
                .isEmpty();
        assertThat(cookies.read("7.42.99999999999.")).isEmpty();
        assertThat(cookies.read("garbage")).isEmpty();
        assertThat(cookies.read(null)).isEmpty();
    }

    @Test
    void csrfTokenBelongsToOneSession() {
        SessionCookies cookies = cookies(new SecretBox(oldKey, List.of()), CLOCK);
        ConsoleSession mine = cookies.issue(ACCOUNT, AGENT);
        ConsoleSession other = cookies.issue(ACCOUNT, new AgentId(43));

        assertThat(cookies.csrfMatches(mine, cookies.csrfToken(mine))).isTrue();
        assertThat(cookies.csrfMatches(mine, cookies.csrfToken(other))).isFalse();
        assertThat(cookies.csrfMatches(mine, null)).isFalse();
    }

    @Test
    void signInTokenMatchesOnlyItsOwnNonce() {
        SessionCookies cookies = cookies(new SecretBox(oldKey, List.of()), CLOCK);
        String nonce = cookies.newSignInNonce();

        assertThat(cookies.signInMatches(nonce, cookies.signInToken(nonce))).isTrue();
        assertThat(cookies.signInMatches(cookies.newSignInNonce(), cookies.signInToken(nonce)))
                .isFalse();
        assertThat(cookies.signInMatches(null, cookies.signInToken(nonce))).isFalse();
    }

    private static SessionCookies cookies(SecretBox box, Clock clock) {
        return new SessionCookies(box, clock, Duration.ofHours(8));
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
