package io.groupdesk.credentials;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.Role;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The stored side of sign-in: password hashes and API token digests. */
public interface CredentialRepository {

    static CredentialRepository jdbc(Jdbi jdbi) {
        return new JdbcCredentialRepository(jdbi);
    }

    /** An active, unsuspended agent who may sign in, with its password hash (null when it has none). */
    record Login(AgentId agent, Role role, String passwordHash) {
        @Override
        public String toString() {
            return "Login[agent=" + agent + ", role=" + role + "]";
        }
    }

    Optional<Login> loginByEmail(AccountId account, String email);

    /** Sets an active agent's password hash. */
    void storePasswordHash(AccountId account, AgentId agent, String passwordHash);

    /**
     * A login found by a token, with the signing-in client's failed authentications in the throttle's current window,
     * read in the same statement so that a token sign-in costs one round trip (0 when no window was given).
     */
    record CountedLogin(Login login, int failures) {}

    /**
     * The agent {@code email} names, acting with a live token whose digest is {@code digest}: an admin's token acts
     * for anyone in the account (an account API token), an agent's only for that agent itself.
     */
    Optional<CountedLogin> loginByEmailAndToken(
            AccountId account, String email, String digest, Optional<RequestCounter.Window> failures);

    /** The owner of the live token whose digest is {@code digest}. */
    Optional<CountedLogin> loginByToken(AccountId account, String digest, Optional<RequestCounter.Window> failures);

    /** The owner of the live API token or token limited to SCIM whose digest is {@code digest}. */
    Optional<CountedLogin> loginByScimToken(AccountId account, String digest, Optional<RequestCounter.Window> failures);

    long insertToken(AccountId account, AgentId owner, String digest, String sealed, String description, Instant now);

    /** Stores a token limited to SCIM: no other API takes it, and no secret is kept to sign with. */
    long insertScimToken(AccountId account, AgentId owner, String digest, String description, Instant now);

    /**
     * Stores an agent's Udesk sign-in token, unless the agent has a live one already (issued meanwhile, maybe on
     * another node); such a token signs Udesk requests only, and is not one of the account's API tokens.
     *
     * @return whether it was stored
     */
    boolean insertSignInToken(AccountId account, AgentId agent, String digest, String sealed, Instant now);

    /** The agent's live Udesk sign-in token, sealed. */
    Optional<SealedToken> signInToken(AccountId account, AgentId agent);

    /** Revokes the agent's live Udesk sign-in token, if it has one; the next sign-in gets a new one. */
    void revokeSignInToken(AccountId account, AgentId agent, Instant now);

    /** A live token of the account, sealed, with its owner and the owner's role. */
    record SealedToken(long id, AgentId owner, Role ownerRole, String sealed) {}

    /**
     * The account's live tokens that have a sealed copy and an active, unsuspended owner, Udesk sign-in tokens
     * included: these are the tokens that may sign a Udesk request.
     */
    java.util.List<SealedToken> sealedTokens(AccountId account);

    /** Every sealed token of every account, for resealing under a new key. */
    java.util.List<java.util.Map.Entry<AccountId, SealedToken>> allSealedTokens();

    void reseal(AccountId account, long tokenId, String sealed);

    /** A live token as an admin may see it: never its secret. */
    record TokenInfo(long id, AgentId owner, String ownerEmail, String description, Instant createdAt) {}

    /** The account's live (unrevoked) API tokens, oldest first; Udesk sign-in tokens are not among them. */
    java.util.List<TokenInfo> liveTokens(AccountId account);

    /** The account's live API token with this id; never a Udesk sign-in token. */
    Optional<TokenInfo> liveToken(AccountId account, long tokenId);

    /** Sets a live API token's description; false when there is no live API token with this id. */
    boolean describeToken(AccountId account, long tokenId, String description);

    /** Whether the account has an API token with this id, revoked or not; Udesk sign-in tokens do not count. */
    boolean tokenExists(AccountId account, long tokenId);

    /** Revokes a live API token; false when there is no live API token with this id (sign-in tokens are not). */
    boolean revokeToken(AccountId account, long tokenId, Instant now);

    /**
     * Claims a single-use nonce until {@code expiresAt}; false when it was claimed before and has not expired. A
     * unique key makes the claim hold across nodes.
     */
    boolean claimNonce(AccountId account, String nonce, Instant now, Instant expiresAt);
}
