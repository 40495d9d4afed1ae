package io.groupdesk.accounts;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Storage of accounts. */
public interface AccountRepository {

    static AccountRepository jdbc(Jdbi jdbi) {
        return new JdbcAccountRepository(jdbi);
    }

    Optional<Account> findBySubdomain(String subdomain);

    Optional<Account> findById(AccountId id);

    /** Inserts an account; a taken subdomain is a {@link io.groupdesk.shared.ConflictException}. */
    Account insert(String subdomain, String name, Instant now);
}
