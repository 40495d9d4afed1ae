package io.groupdesk.credentials;

import io.groupdesk.cache.Invalidation;
import io.groupdesk.cache.Invalidations;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.PlainQuery;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

final class JdbcCredentialRepository implements CredentialRepository {
    /**
     * The client's failures in the throttle's window ({@link JdbcRequestCountRepository}'s row of {@code :bucket} for
     * {@code :windowStart}), read by a token sign-in's own statement; a null bucket matches no row.
     */
    private static final String FAILURES =
            """
            COALESCE((SELECT c.hits FROM request_counts c
                      WHERE c.account_id = t.account_id AND c.bucket = :bucket AND c.window_start = :windowStart), 0)""";

    private static final PlainQuery LOGIN_BY_EMAIL_AND_TOKEN = PlainQuery.of(
            "SELECT a.id, a.role, NULL AS password_hash, " + FAILURES
                    + """
             AS failures
            FROM api_tokens t
            JOIN agents o ON o.account_id = t.account_id AND o.id = t.agent_id
            JOIN agents a ON a.account_id = t.account_id AND a.email_key = :emailKey
            WHERE t.account_id = :account AND t.token_hash = :digest AND t.revoked_at IS NULL
              AND t.purpose = 'api' AND o.active AND NOT o.suspended AND (o.role = 'admin' OR o.id = a.id)
              AND a.active AND NOT a.suspended
            """);

    private static final PlainQuery LOGIN_BY_TOKEN = PlainQuery.of(
            "SELECT a.id, a.role, NULL AS password_hash, " + FAILURES
                    + """
             AS failures
            FROM api_tokens t
            JOIN agents a ON a.account_id = t.account_id AND a.id = t.agent_id
            WHERE t.account_id = :account AND t.token_hash = :digest AND t.revoked_at IS NULL AND t.purpose = 'api'
              AND a.active AND NOT a.suspended
            """);

    // a token limited to SCIM is good there, beside the account's API tokens, and nowhere else
    private static final PlainQuery LOGIN_BY_SCIM_TOKEN = PlainQuery.of(
            "SELECT a.id, a.role, NULL AS password_hash, " + FAILURES
                    + """
             AS failures
            FROM api_tokens t
            JOIN agents a ON a.account_id = t.account_id AND a.id = t.agent_id
            WHERE t.account_id = :account AND t.token_hash = :digest AND t.revoked_at IS NULL
              AND t.purpose IN ('api', 'scim') AND a.active AND NOT a.suspended
            """);

    private final Jdbi jdbi;

    JdbcCredentialRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Login> loginByEmail(AccountId account, String email) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        """
                        SELECT id, role, password_hash FROM agents
                        WHERE account_id = :account AND email_key = :emailKey AND active AND NOT suspended
                        """)
                .bind("account", account.value())
                .bind("emailKey", email.trim().toLowerCase(Locale.ROOT))
                .map((rs, ctx) -> login(rs))
                .findOne());
    }

    @Override
    public Optional<CountedLogin> loginByEmailAndToken(
            AccountId account, String email, String digest, Optional<RequestCounter.Window> failures) {
        return jdbi.withHandle(handle -> LOGIN_BY_EMAIL_AND_TOKEN
                .bind("account", account.value())
                .bind("emailKey", email.trim().toLowerCase(Locale.ROOT))
                .bind("digest", digest)
                .bind("bucket", failures.map(RequestCounter.Window::bucket).orElse(null))
                .bind("windowStart", failures.map(RequestCounter.Window::start).orElse(null))
                .first(handle, JdbcCredentialRepository::counted));
    }

    @Override
    public Optional<CountedLogin> loginByToken(
            AccountId account, String digest, Optional<RequestCounter.Window> failures) {
        return jdbi.withHandle(handle -> LOGIN_BY_TOKEN
                .bind("account", account.value())
                .bind("digest", digest)
                .bind("bucket", failures.map(RequestCounter.Window::bucket).orElse(null))
                .bind("windowStart", failures.map(RequestCounter.Window::start).orElse(null))
                .first(handle, JdbcCredentialRepository::counted));
    }

    @Override
    public Optional<CountedLogin> loginByScimToken(
            AccountId account, String digest, Optional<RequestCounter.Window> failures) {
        return jdbi.withHandle(handle -> LOGIN_BY_SCIM_TOKEN
                .bind("account", account.value())
                .bind("digest", digest)
                .bind("bucket", failures.map(RequestCounter.Window::bucket).orElse(null))
                .bind("windowStart", failures.map(RequestCounter.Window::start).orElse(null))
                .first(handle, JdbcCredentialRepository::counted));
    }

    @Override
    public long insertToken(
            AccountId account, AgentId owner, String digest, String sealed, String description, Instant now) {
        long result = jdbi.withHandle(handle -> handle.createUpdate(
                        """
                        INSERT INTO api_tokens (account_id, agent_id, token_hash, token_sealed, description, created_at)
                        VALUES (:account, :agent, :digest, :sealed, :description, :now)
                        """)
                .bind("account", account.value())
                .bind("agent", owner.value())
                .bind("digest", digest)
                .bind("sealed", sealed)
                .bind("description", description)
                .bind("now", Sql.timestamp(now))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
        credentialsChanged(account);
        return result;
    }

    @Override
    public long insertScimToken(AccountId account, AgentId owner, String digest, String description, Instant now) {
        // no sealed secret: nothing but SCIM's Bearer check reads the token, so Udesk signatures cannot use it
        long result = jdbi.withHandle(handle -> handle.createUpdate(
                        """
                        INSERT INTO api_tokens (account_id, agent_id, token_hash, description, created_at, purpose)
                        VALUES (:account, :agent, :digest, :description, :now, 'scim')
                        """)
                .bind("account", account.value())
                .bind("agent", owner.value())
                .bind("digest", digest)
                .bind("description", description)
                .bind("now", Sql.timestamp(now))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
        credentialsChanged(account);
        return result;
    }

    @Override
    public boolean insertSignInToken(AccountId account, AgentId agent, String digest, String sealed, Instant now) {
        // the unique (account_id, sign_in_agent) key holds one live sign-in token per agent, on every node
        boolean result = jdbi.withHandle(handle -> handle.createUpdate(
                                """
                                INSERT INTO api_tokens (account_id, agent_id, token_hash, token_sealed, description,
                                    created_at, purpose, sign_in_agent)
                                VALUES (:account, :agent, :digest, :sealed, 'Udesk sign-in token', :now,
                                    'udesk_sign_in', :agent)
                                ON CONFLICT DO NOTHING
                                """)
                        .bind("account", account.value())
                        .bind("agent", agent.value())
                        .bind("digest", digest)
                        .bind("sealed", sealed)
                        .bind("now", Sql.timestamp(now))
                        .execute())
                == 1;
        credentialsChanged(account);
        return result;
    }

    @Override
    public Optional<SealedToken> signInToken(AccountId account, AgentId agent) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        """
                        SELECT t.id, t.agent_id, o.role, t.token_sealed FROM api_tokens t
                        JOIN agents o ON o.account_id = t.account_id AND o.id = t.agent_id
                        WHERE t.account_id = :account AND t.sign_in_agent = :agent AND t.token_sealed IS NOT NULL
                        """)
                .bind("account", account.value())
                .bind("agent", agent.value())
                .map((rs, ctx) -> new SealedToken(
                        rs.getLong("id"),
                        new AgentId(rs.getLong("agent_id")),
                        Role.fromKey(rs.getString("role")).orElseThrow(),
                        rs.getString("token_sealed")))
                .findOne());
    }

    @Override
    public void storePasswordHash(AccountId account, AgentId agent, String passwordHash) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        """
                        UPDATE agents SET password_hash = :passwordHash
                        WHERE account_id = :account AND id = :agent AND active
                        """)
                .bind("account", account.value())
                .bind("agent", agent.value())
                .bind("passwordHash", passwordHash)
                .execute());
        credentialsChanged(account);
    }

    @Override
    public void revokeSignInToken(AccountId account, AgentId agent, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        """
                        UPDATE api_tokens SET revoked_at = :now, sign_in_agent = NULL
                        WHERE account_id = :account AND sign_in_agent = :agent
                        """)
                .bind("account", account.value())
                .bind("agent", agent.value())
                .bind("now", Sql.timestamp(now))
                .execute());
        credentialsChanged(account);
    }

    @Override
    public List<SealedToken> sealedTokens(AccountId account) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        """
                        SELECT t.id, t.agent_id, o.role, t.token_sealed FROM api_tokens t
                        JOIN agents o ON o.account_id = t.account_id AND o.id = t.agent_id
                        WHERE t.account_id = :account AND t.revoked_at IS NULL AND t.token_sealed IS NOT NULL
                          AND o.active AND NOT o.suspended
                        ORDER BY t.id
                        """)
                .bind("account", account.value())
                .map((rs, ctx) -> new SealedToken(
                        rs.getLong("id"),
                        new AgentId(rs.getLong("agent_id")),
                        Role.fromKey(rs.getString("role")).orElseThrow(),
                        rs.getString("token_sealed")))
                .list());
    }

    @Override
    public List<Map.Entry<AccountId, SealedToken>> allSealedTokens() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        """
                        SELECT t.account_id, t.id, t.agent_id, o.role, t.token_sealed FROM api_tokens t
                        JOIN agents o ON o.account_id = t.account_id AND o.id = t.agent_id
                        WHERE t.token_sealed IS NOT NULL
                        """)
                .map((rs, ctx) -> Map.entry(
                        new AccountId(rs.getLong("account_id")),
                        new SealedToken(
                                rs.getLong("id"),
                                new AgentId(rs.getLong("agent_id")),
                                Role.fromKey(rs.getString("role")).orElseThrow(),
                                rs.getString("token_sealed"))))
                .list());
    }

    @Override
    public void reseal(AccountId account, long tokenId, String sealed) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE api_tokens SET token_sealed = :sealed WHERE account_id = :account AND id = :id")
                .bind("account", account.value())
                .bind("id", tokenId)
                .bind("sealed", sealed)
                .execute());
        credentialsChanged(account);
    }

    @Override
    public List<TokenInfo> liveTokens(AccountId account) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        """
                        SELECT t.id, t.agent_id, o.email, t.description, t.created_at FROM api_tokens t
                        JOIN agents o ON o.account_id = t.account_id AND o.id = t.agent_id
                        WHERE t.account_id = :account AND t.revoked_at IS NULL AND t.purpose IN ('api', 'scim')
                        ORDER BY t.id
                        """)
                .bind("account", account.value())
                .map((rs, ctx) -> new TokenInfo(
                        rs.getLong("id"),
                        new AgentId(rs.getLong("agent_id")),
                        rs.getString("email"),
                        rs.getString("description"),
                        Sql.instant(rs, "created_at")))
                .list());
    }

    @Override
    public Optional<TokenInfo> liveToken(AccountId account, long tokenId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        """
                        SELECT t.id, t.agent_id, o.email, t.description, t.created_at FROM api_tokens t
                        JOIN agents o ON o.account_id = t.account_id AND o.id = t.agent_id
                        WHERE t.account_id = :account AND t.id = :id AND t.revoked_at IS NULL AND t.purpose IN ('api', 'scim')
                        """)
                .bind("account", account.value())
                .bind("id", tokenId)
                .map((rs, ctx) -> new TokenInfo(
                        rs.getLong("id"),
                        new AgentId(rs.getLong("agent_id")),
                        rs.getString("email"),
                        rs.getString("description"),
                        Sql.instant(rs, "created_at")))
                .findOne());
    }

    @Override
    public boolean describeToken(AccountId account, long tokenId, String description) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                                """
                                UPDATE api_tokens SET description = :description
                                WHERE account_id = :account AND id = :id AND revoked_at IS NULL AND purpose IN ('api', 'scim')
                                """)
                        .bind("account", account.value())
                        .bind("id", tokenId)
                        .bind("description", description)
                        .execute())
                == 1;
    }

    @Override
    public boolean tokenExists(AccountId account, long tokenId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                                """
                                SELECT COUNT(*) FROM api_tokens
                                WHERE account_id = :account AND id = :id AND purpose IN ('api', 'scim')
                                """)
                        .bind("account", account.value())
                        .bind("id", tokenId)
                        .mapTo(Long.class)
                        .one())
                > 0;
    }

    @Override
    public boolean revokeToken(AccountId account, long tokenId, Instant now) {
        boolean result = jdbi.withHandle(handle -> handle.createUpdate(
                                """
                                UPDATE api_tokens SET revoked_at = :now
                                WHERE account_id = :account AND id = :id AND revoked_at IS NULL AND purpose IN ('api', 'scim')
                                """)
                        .bind("account", account.value())
                        .bind("id", tokenId)
                        .bind("now", Sql.timestamp(now))
                        .execute())
                == 1;
        credentialsChanged(account);
        return result;
    }

    /**
     * Tells every node's sign-in caches that a credential of the account changed (a token issued, revoked or resealed,
     * a password set), in the transaction of the change when there is one.
     */
    private void credentialsChanged(AccountId account) {
        jdbi.useHandle(handle -> Invalidations.publish(handle, new Invalidation.Credentials(account)));
    }

    @Override
    public boolean claimNonce(AccountId account, String nonce, Instant now, Instant expiresAt) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate(
                            """
                            INSERT INTO request_nonces (account_id, nonce, expires_at)
                            VALUES (:account, :nonce, :expiresAt)
                            """)
                    .bind("account", account.value())
                    .bind("nonce", nonce)
                    .bind("expiresAt", Sql.timestamp(expiresAt))
                    .execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (!Sql.isUniqueViolation(e)) {
                throw e;
            }
            // claimed before: usable again only once that claim has expired
            return jdbi.withHandle(handle -> handle.createUpdate(
                                    """
                                    UPDATE request_nonces SET expires_at = :expiresAt
                                    WHERE account_id = :account AND nonce = :nonce AND expires_at < :now
                                    """)
                            .bind("account", account.value())
                            .bind("nonce", nonce)
                            .bind("expiresAt", Sql.timestamp(expiresAt))
                            .bind("now", Sql.timestamp(now))
                            .execute())
                    == 1;
        }
    }

    /** A sign-in's row, by position like {@link #login}, with {@code failures} fourth. */
    private static CountedLogin counted(ResultSet rs) throws SQLException {
        return new CountedLogin(login(rs), rs.getInt(4));
    }

    /**
     * {@code id, role, password_hash}, the first three columns of every sign-in query, read by position: by name, the
     * JDBC driver builds a map of the result's column names for each result, at every request's sign-in.
     */
    private static Login login(ResultSet rs) throws SQLException {
        return new Login(
                new AgentId(rs.getLong(1)), Role.fromKey(rs.getString(2)).orElseThrow(), rs.getString(3));
    }
}
