package io.groupdesk.access;

import io.groupdesk.agents.AgentId;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Issues account API tokens. A token's secret is returned once, at issue, and stored only as a digest. */
public final class ApiTokenService {
    /** Length of a generated token: 40 letters and digits, like the tokens helpdesk admins are used to. */
    public static final int TOKEN_LENGTH = 40;

    private final CredentialRepository credentials;
    private final Clock clock;

    public ApiTokenService(CredentialRepository credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /** A token just issued: its id and its secret, which is never shown again. */
    public record IssuedToken(long id, String secret) {
        @Override
        public String toString() {
            return "IssuedToken[id=" + id + "]";
        }
    }

    /**
     * Issues a token of the caller's account, acting as {@code owner} when used alone (Bearer). Requires
     * {@link Permission#MANAGE_AGENTS}.
     *
     * @param secret the token to store, or empty to generate one
     */
    public IssuedToken issue(Caller caller, AgentId owner, String description, Optional<String> secret) {
        caller.require(Permission.MANAGE_AGENTS);
        String token = secret.filter(s -> !s.isBlank()).orElseGet(() -> Secrets.random(TOKEN_LENGTH));
        long id = credentials.insertToken(
                caller.account(),
                owner,
                Secrets.tokenDigest(token),
                description,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        return new IssuedToken(id, token);
    }
}
