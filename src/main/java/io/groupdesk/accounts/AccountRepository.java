package io.groupdesk.accounts;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.WeeklyHours;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Storage of accounts and their settings. */
public interface AccountRepository {

    static AccountRepository jdbc(Jdbi jdbi) {
        return new JdbcAccountRepository(jdbi);
    }

    Optional<Account> findBySubdomain(String subdomain);

    Optional<Account> findById(AccountId id);

    /** Every account, in subdomain order. */
    java.util.List<Account> all();

    /** Inserts an account; a taken subdomain is a {@link io.groupdesk.shared.ConflictException}. */
    Account insert(String subdomain, String name, Instant now);

    void update(AccountId id, String name, String timeZone, WeeklyHours workingHours, Instant now);

    Map<String, String> settings(AccountId id);

    void putSetting(AccountId id, String name, String value);

    void removeSetting(AccountId id, String name);
}
