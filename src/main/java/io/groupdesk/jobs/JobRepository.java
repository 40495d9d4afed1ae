package io.groupdesk.jobs;

import io.groupdesk.shared.AccountId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Storage of jobs and their items; every method is scoped by account. */
public interface JobRepository {

    static JobRepository jdbc(Jdbi jdbi) {
        return new JdbcJobRepository(jdbi);
    }

    void insert(Job job);

    Optional<Job> find(AccountId account, String id);

    List<Job> findAll(AccountId account, Collection<String> ids);

    /** The account's newest jobs, newest first. */
    List<Job> recent(AccountId account, int limit);
}
