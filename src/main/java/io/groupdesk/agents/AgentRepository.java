package io.groupdesk.agents;

import io.groupdesk.accounts.AccountId;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Storage of agents; every method is scoped by account. */
public interface AgentRepository {

    static AgentRepository jdbc(Jdbi jdbi) {
        return new JdbcAgentRepository(jdbi);
    }

    Optional<Agent> find(AccountId account, AgentId id);

    /**
     * Inserts an agent.
     *
     * @throws io.groupdesk.shared.ConflictException the email is used by another agent of the account
     */
    Agent insert(AccountId account, NewAgent agent, String passwordHash, Instant now);
}
