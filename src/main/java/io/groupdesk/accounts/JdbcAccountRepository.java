package io.groupdesk.accounts;

import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

final class JdbcAccountRepository implements AccountRepository {
    private static final String COLUMNS = "id, subdomain, name, time_zone, created_at, updated_at";

    private final Jdbi jdbi;

    JdbcAccountRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Account> findBySubdomain(String subdomain) {
        return jdbi.withHandle(
                handle -> handle.createQuery("SELECT " + COLUMNS + " FROM accounts WHERE subdomain = :subdomain")
                        .bind("subdomain", subdomain)
                        .map(JdbcAccountRepository::map)
                        .findOne());
    }

    @Override
    public Optional<Account> findById(AccountId id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM accounts WHERE id = :id")
                .bind("id", id.value())
                .map(JdbcAccountRepository::map)
                .findOne());
    }

    @Override
    public Account insert(String subdomain, String name, Instant now) {
        try {
            long id = jdbi.withHandle(handle -> handle.createUpdate(
                            """
                            INSERT INTO accounts (subdomain, name, time_zone, created_at, updated_at)
                            VALUES (:subdomain, :name, 'UTC', :now, :now)
                            """)
                    .bind("subdomain", subdomain)
                    .bind("name", name)
                    .bind("now", Sql.timestamp(now))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
            return new Account(new AccountId(id), subdomain, name, "UTC", now, now);
        } catch (UnableToExecuteStatementException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new ConflictException("subdomain", "is already taken");
            }
            throw e;
        }
    }

    private static Account map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Account(
                new AccountId(rs.getLong("id")),
                rs.getString("subdomain"),
                rs.getString("name"),
                rs.getString("time_zone"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }
}
