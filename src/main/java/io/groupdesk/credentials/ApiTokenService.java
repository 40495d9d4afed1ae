package io.groupdesk.credentials;

import io.groupdesk.access.Caller;
import io.groupdesk.access.Permission;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.Text;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Issues account API tokens. A token's secret is returned once, at issue, and stored only as a digest. */
public final class ApiTokenService {
    /** Length of a generated token: 40 letters and digits, like the tokens helpdesk admins are used to. */
    public static final int TOKEN_LENGTH = 40;

    private final CredentialRepository credentials;
    private final SecretBox box;
    private final Clock clock;

    public ApiTokenService(CredentialRepository credentials, SecretBox box, Clock clock) {
        this.credentials = credentials;
        this.box = box;
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
     * @throws io.groupdesk.shared.ValidationException the description is over 255 characters or holds NUL
     */
    public IssuedToken issue(Caller caller, AgentId owner, String description, Optional<String> secret) {
        caller.require(Permission.MANAGE_AGENTS);
        if (description != null) {
            Text.require("description", description, 255);
        }
        String token = secret.filter(s -> !s.isBlank()).orElseGet(() -> Secrets.random(TOKEN_LENGTH));
        long id = credentials.insertToken(
                caller.account(),
                owner,
                Secrets.tokenDigest(token),
                box.seal(token),
                description,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        return new IssuedToken(id, token);
    }

    /**
     * Issues a generated token to the active agent with this email (ignoring case). Requires
     * {@link Permission#MANAGE_AGENTS}.
     *
     * @throws io.groupdesk.shared.NotFoundException no active, unsuspended agent has the email in this account
     */
    public IssuedToken issue(Caller caller, String ownerEmail, String description) {
        caller.require(Permission.MANAGE_AGENTS);
        AgentId owner = credentials
                .loginByEmail(caller.account(), ownerEmail)
                .map(CredentialRepository.Login::agent)
                .orElseThrow(() -> new io.groupdesk.shared.NotFoundException("agent", ownerEmail));
        return issue(caller, owner, description, Optional.empty());
    }

    /**
     * Issues a generated token limited to SCIM to the administrator with this email: SCIM takes it, no other API
     * does, and it signs no Udesk request. Requires {@link Permission#MANAGE_AGENTS}.
     *
     * @throws io.groupdesk.shared.NotFoundException no active, unsuspended agent has the email in this account
     * @throws io.groupdesk.shared.ValidationException the agent is not an administrator (SCIM takes no other token)
     */
    public IssuedToken issueForScim(Caller caller, String ownerEmail, String description) {
        caller.require(Permission.MANAGE_AGENTS);
        if (description != null) {
            Text.require("description", description, 255);
        }
        CredentialRepository.Login owner = credentials
                .loginByEmail(caller.account(), ownerEmail)
                .orElseThrow(() -> new io.groupdesk.shared.NotFoundException("agent", ownerEmail));
        if (owner.role() != io.groupdesk.shared.Role.ADMIN) {
            throw io.groupdesk.shared.ValidationException.of(
                    "agent",
                    io.groupdesk.shared.FieldViolation.Rule.INVALID,
                    "A token limited to SCIM belongs to an administrator");
        }
        String token = Secrets.random(TOKEN_LENGTH);
        long id = credentials.insertScimToken(
                caller.account(),
                owner.agent(),
                Secrets.tokenDigest(token),
                description,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        return new IssuedToken(id, token);
    }

    /** The account's live tokens, oldest first, without secrets. Requires {@link Permission#MANAGE_AGENTS}. */
    public java.util.List<CredentialRepository.TokenInfo> list(Caller caller) {
        caller.require(Permission.MANAGE_AGENTS);
        return credentials.liveTokens(caller.account());
    }

    /**
     * A live API token of the caller's account, without its secret. Requires {@link Permission#MANAGE_AGENTS}.
     *
     * @throws io.groupdesk.shared.NotFoundException no live API token with this id in the caller's account (a revoked
     *     token and a Udesk sign-in token are not found either)
     */
    public CredentialRepository.TokenInfo get(Caller caller, long tokenId) {
        caller.require(Permission.MANAGE_AGENTS);
        return credentials
                .liveToken(caller.account(), tokenId)
                .orElseThrow(() -> new io.groupdesk.shared.NotFoundException("token", tokenId));
    }

    /**
     * Sets a live API token's description; its secret and owner stay. Requires {@link Permission#MANAGE_AGENTS}.
     *
     * @throws io.groupdesk.shared.ValidationException the description is over 255 characters or holds NUL
     * @throws io.groupdesk.shared.NotFoundException no live API token with this id in the caller's account
     */
    public CredentialRepository.TokenInfo describe(Caller caller, long tokenId, String description) {
        caller.require(Permission.MANAGE_AGENTS);
        Text.require("description", description, 255);
        if (!credentials.describeToken(caller.account(), tokenId, description)) {
            throw new io.groupdesk.shared.NotFoundException("token", tokenId);
        }
        return get(caller, tokenId);
    }

    /** What {@link #revoke} did. */
    public enum Revocation {
        /** The token was live and is revoked from now on. */
        REVOKED,
        /** The token was revoked before; nothing changed. */
        ALREADY_REVOKED
    }

    /**
     * Revokes an API token of the caller's account: it authenticates no request from then on, on any node, since no
     * node keeps tokens in memory (every request's sign-in reads the token's row). Revoking a revoked token changes
     * nothing. Requires {@link Permission#MANAGE_AGENTS}.
     *
     * @throws io.groupdesk.shared.NotFoundException no API token with this id in the caller's account (a Udesk
     *     sign-in token is not one)
     */
    public Revocation revoke(Caller caller, long tokenId) {
        caller.require(Permission.MANAGE_AGENTS);
        if (credentials.revokeToken(caller.account(), tokenId, clock.instant().truncatedTo(ChronoUnit.MICROS))) {
            return Revocation.REVOKED;
        }
        if (credentials.tokenExists(caller.account(), tokenId)) {
            return Revocation.ALREADY_REVOKED;
        }
        throw new io.groupdesk.shared.NotFoundException("token", tokenId);
    }

    /**
     * The agent's Udesk sign-in token: the one issued to it at its first sign-in, the same at every later one, or a
     * new one once that was revoked (a password change or a suspension revokes it). It signs Udesk requests for the
     * agent, and only those: it is never one of the account's API tokens, and no API token is ever answered here.
     * Requires only that the caller is that agent or an admin.
     */
    public String signInToken(Caller caller, AgentId agent) {
        if (!caller.isAdmin() && !caller.agent().equals(Optional.of(agent))) {
            throw new io.groupdesk.shared.ForbiddenException("agents may see only their own tokens");
        }
        for (int attempt = 0; ; attempt++) {
            Optional<CredentialRepository.SealedToken> live = credentials.signInToken(caller.account(), agent);
            Optional<String> secret = live.flatMap(token -> box.open(token.sealed()));
            if (secret.isPresent()) {
                return secret.get();
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            if (live.isPresent()) {
                // sealed under a key no longer configured: it can sign nothing, so it gives way to a new one
                credentials.revokeSignInToken(caller.account(), agent, now);
            }
            String token = Secrets.random(TOKEN_LENGTH);
            if (credentials.insertSignInToken(
                    caller.account(), agent, Secrets.tokenDigest(token), box.seal(token), now)) {
                return token;
            }
            if (attempt > 0) {
                throw new IllegalStateException("no sign-in token could be stored for agent " + agent.value());
            }
            // issued meanwhile by a concurrent sign-in, maybe on another node: answer that one
        }
    }

    /**
     * Revokes the agent's Udesk sign-in token, if it has one: for the core services that change what an agent signs
     * in with (password, suspension), in their own transaction.
     */
    public void revokeSignInToken(AccountId account, AgentId agent) {
        credentials.revokeSignInToken(account, agent, clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    /** Reseals every token sealed under a previous key with the current one; returns how many. */
    public int resealStale() {
        int resealed = 0;
        for (var entry : credentials.allSealedTokens()) {
            String sealed = entry.getValue().sealed();
            if (box.isStale(sealed)) {
                Optional<String> secret = box.open(sealed);
                if (secret.isPresent()) {
                    credentials.reseal(entry.getKey(), entry.getValue().id(), box.seal(secret.get()));
                    resealed++;
                }
            }
        }
        return resealed;
    }
}
