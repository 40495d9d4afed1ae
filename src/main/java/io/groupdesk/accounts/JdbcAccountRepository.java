package io.groupdesk.accounts;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.PlainQuery;
import io.groupdesk.shared.Sql;
import io.groupdesk.shared.WeeklyHours;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

final class JdbcAccountRepository implements AccountRepository {
    private static final String COLUMNS = "id, subdomain, name, time_zone, working_hours, created_at, updated_at";

    private static final PlainQuery BY_SUBDOMAIN =
            PlainQuery.of("SELECT " + COLUMNS + " FROM accounts WHERE subdomain = :subdomain");
    private static final PlainQuery BY_ID = PlainQuery.of("SELECT " + COLUMNS + " FROM accounts WHERE id = :id");

    private final Jdbi jdbi;

    JdbcAccountRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Account> findBySubdomain(String subdomain) {
        return jdbi.withHandle(
                handle -> BY_SUBDOMAIN.bind("subdomain", subdomain).first(handle, JdbcAccountRepository::account));
    }

    @Override
    public java.util.List<Account> all() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM accounts ORDER BY subdomain")
                .map((rs, ctx) -> account(rs))
                .list());
    }

    @Override
    public Optional<Account> findById(AccountId id) {
        return jdbi.withHandle(handle -> BY_ID.bind("id", id.value()).first(handle, JdbcAccountRepository::account));
    }

    @Override
    public Account insert(String subdomain, String name, Instant now) {
        try {
            // the account and the counter its events take their ids from (events.EventRecorder), together
            long id = jdbi.inTransaction(handle -> {
                long created = handle.createUpdate(
                                """
                                INSERT INTO accounts (subdomain, name, time_zone, created_at, updated_at)
                                VALUES (:subdomain, :name, 'UTC', :now, :now)
                                """)
                        .bind("subdomain", subdomain)
                        .bind("name", name)
                        .bind("now", Sql.timestamp(now))
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one();
                handle.createUpdate("INSERT INTO event_counters (account_id, last_id) VALUES (:account, 0)")
                        .bind("account", created)
                        .execute();
                return created;
            });
            return new Account(new AccountId(id), subdomain, name, "UTC", WeeklyHours.NONE, now, now);
        } catch (UnableToExecuteStatementException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new ConflictException("subdomain", "is already taken");
            }
            throw e;
        }
    }

    @Override
    public void update(AccountId id, String name, String timeZone, WeeklyHours workingHours, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        """
                        UPDATE accounts SET name = :name, time_zone = :timeZone, working_hours = :workingHours,
                            updated_at = :now
                        WHERE id = :id
                        """)
                .bind("id", id.value())
                .bind("name", name)
                .bind("timeZone", timeZone)
                .bind("workingHours", workingHours.isEmpty() ? null : workingHours.format())
                .bind("now", Sql.timestamp(now))
                .execute());
    }

    @Override
    public Map<String, String> settings(AccountId id) {
        Map<String, String> settings = new TreeMap<>();
        jdbi.useHandle(
                handle -> handle.createQuery("SELECT name, setting_value FROM account_settings WHERE account_id = :id")
                        .bind("id", id.value())
                        .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getString("setting_value")))
                        .forEach(entry -> settings.put(entry.getKey(), entry.getValue())));
        return settings;
    }

    @Override
    public void putSetting(AccountId id, String name, String value) {
        jdbi.useHandle(handle -> {
            int updated = handle.createUpdate(
                            "UPDATE account_settings SET setting_value = :value WHERE account_id = :id AND name = :name")
                    .bind("id", id.value())
                    .bind("name", name)
                    .bind("value", value)
                    .execute();
            if (updated == 0) {
                handle.createUpdate(
                                "INSERT INTO account_settings (account_id, name, setting_value) VALUES (:id, :name, :value)")
                        .bind("id", id.value())
                        .bind("name", name)
                        .bind("value", value)
                        .execute();
            }
        });
    }

    @Override
    public void removeSetting(AccountId id, String name) {
        jdbi.useHandle(
                handle -> handle.createUpdate("DELETE FROM account_settings WHERE account_id = :id AND name = :name")
                        .bind("id", id.value())
                        .bind("name", name)
                        .execute());
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(
                new AccountId(rs.getLong("id")),
                rs.getString("subdomain"),
                rs.getString("name"),
                rs.getString("time_zone"),
                WeeklyHours.parse(rs.getString("working_hours")),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }
}
