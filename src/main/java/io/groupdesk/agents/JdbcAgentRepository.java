package io.groupdesk.agents;

import io.groupdesk.accounts.AccountId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

final class JdbcAgentRepository implements AgentRepository {
    static final String COLUMNS =
            """
            account_id, id, name, email, role, phone, position, work_id, alias, avatar_url, locale, time_zone,
            accepts_assignments, skill_level, active, suspended, created_at, updated_at""";

    private final Jdbi jdbi;

    JdbcAgentRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Agent> find(AccountId account, AgentId id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM agents WHERE account_id = :account AND id = :id")
                .bind("account", account.value())
                .bind("id", id.value())
                .map(JdbcAgentRepository::map)
                .findOne());
    }

    @Override
    public Agent insert(AccountId account, NewAgent agent, String passwordHash, Instant now) {
        try {
            long id = jdbi.withHandle(handle -> handle.createUpdate(
                            """
                            INSERT INTO agents (account_id, name, email, email_key, role, password_hash, created_at, updated_at)
                            VALUES (:account, :name, :email, :emailKey, :role, :passwordHash, :now, :now)
                            """)
                    .bind("account", account.value())
                    .bind("name", agent.name())
                    .bind("email", agent.email())
                    .bind("emailKey", emailKey(agent.email()))
                    .bind("role", agent.role().key())
                    .bind("passwordHash", passwordHash)
                    .bind("now", Sql.timestamp(now))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
            return find(account, new AgentId(id)).orElseThrow();
        } catch (UnableToExecuteStatementException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new ConflictException("email", agent.email() + " is already being used by another user");
            }
            throw e;
        }
    }

    static String emailKey(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    static Agent map(ResultSet rs, StatementContext ctx) throws SQLException {
        int skill = rs.getInt("skill_level");
        Integer skillLevel = rs.wasNull() ? null : skill;
        return new Agent(
                new AgentId(rs.getLong("id")),
                new AccountId(rs.getLong("account_id")),
                rs.getString("name"),
                rs.getString("email"),
                Role.fromKey(rs.getString("role")).orElseThrow(),
                rs.getString("phone"),
                rs.getString("position"),
                rs.getString("work_id"),
                rs.getString("alias"),
                rs.getString("avatar_url"),
                rs.getString("locale"),
                rs.getString("time_zone"),
                rs.getBoolean("accepts_assignments"),
                skillLevel,
                rs.getBoolean("active"),
                rs.getBoolean("suspended"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }
}
