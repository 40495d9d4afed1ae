package io.groupdesk.access;

import io.groupdesk.accounts.AccountId;
import io.groupdesk.agents.AgentId;
import io.groupdesk.agents.Role;
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

    /** The agent {@code email} names, acting with a live token of the account whose digest is {@code digest}. */
    Optional<Login> loginByEmailAndToken(AccountId account, String email, String digest);

    /** The owner of the live token whose digest is {@code digest}. */
    Optional<Login> loginByToken(AccountId account, String digest);

    long insertToken(AccountId account, AgentId owner, String digest, String description, Instant now);
}
