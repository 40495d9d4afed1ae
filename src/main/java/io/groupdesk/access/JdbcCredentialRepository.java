package io.groupdesk.access;

import io.groupdesk.accounts.AccountId;
import io.groupdesk.agents.AgentId;
import io.groupdesk.agents.Role;
import io.groupdesk.shared.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcCredentialRepository implements CredentialRepository {
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
                .map(JdbcCredentialRepository::map)
                .findOne());
    }

    @Override
    public Optional<Login> loginByEmailAndToken(AccountId account, String email, String digest) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        """
                        SELECT a.id, a.role, NULL AS password_hash
                        FROM api_tokens t
                        JOIN agents a ON a.account_id = t.account_id AND a.email_key = :emailKey
                        WHERE t.account_id = :account AND t.token_hash = :digest AND t.revoked_at IS NULL
                          AND a.active AND NOT a.suspended
                        """)
                .bind("account", account.value())
                .bind("emailKey", email.trim().toLowerCase(Locale.ROOT))
                .bind("digest", digest)
                .map(JdbcCredentialRepository::map)
                .findOne());
    }

    @Override
    public Optional<Login> loginByToken(AccountId account, String digest) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        """
                        SELECT a.id, a.role, NULL AS password_hash
                        FROM api_tokens t
                        JOIN agents a ON a.account_id = t.account_id AND a.id = t.agent_id
                        WHERE t.account_id = :account AND t.token_hash = :digest AND t.revoked_at IS NULL
                          AND a.active AND NOT a.suspended
                        """)
                .bind("account", account.value())
                .bind("digest", digest)
                .map(JdbcCredentialRepository::map)
                .findOne());
    }

    @Override
    public long insertToken(AccountId account, AgentId owner, String digest, String description, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        """
                        INSERT INTO api_tokens (account_id, agent_id, token_hash, description, created_at)
                        VALUES (:account, :agent, :digest, :description, :now)
                        """)
                .bind("account", account.value())
                .bind("agent", owner.value())
                .bind("digest", digest)
                .bind("description", description)
                .bind("now", Sql.timestamp(now))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
    }

    private static Login map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Login(
                new AgentId(rs.getLong("id")),
                Role.fromKey(rs.getString("role")).orElseThrow(),
                rs.getString("password_hash"));
    }
}
