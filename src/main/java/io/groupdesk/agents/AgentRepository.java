package io.groupdesk.agents;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** Storage of agents; every method is scoped by account. */
public interface AgentRepository {

    static AgentRepository jdbc(Jdbi jdbi) {
        return new JdbcAgentRepository(jdbi);
    }

    Optional<Agent> find(AccountId account, AgentId id);

    /** The agents with these ids, in id order; ids of other accounts are skipped. */
    java.util.List<Agent> findAll(AccountId account, java.util.Collection<AgentId> ids);

    /** Up to {@code limit} active agents who are members of any of these groups, in id order. */
    java.util.List<Agent> membersOf(AccountId account, java.util.Collection<GroupId> groups, int limit);

    /** Reads an agent and locks its row until the transaction ends. */
    Optional<Agent> lock(AccountId account, AgentId id);

    /**
     * A page of active agents, ordered by id.
     *
     * @param roles the roles to include; empty includes every role
     * @param includeSuspended whether suspended agents are included
     * @param inGroup only members of this group
     */
    Slice<Agent> list(
            AccountId account, Set<Role> roles, boolean includeSuspended, Optional<GroupId> inGroup, PageRequest page);

    /** A page of the account's agents that {@code search} covers, in id order, counted when the page asks. */
    Slice<Agent> search(AccountId account, AgentSearch search, PageRequest page);

    /** How many of the account's agents {@code search} covers. */
    long count(AccountId account, AgentSearch search);

    /**
     * The number of live groups each of these agents is in, of those the viewer sees (every group when empty);
     * agents in none are left out.
     */
    java.util.Map<AgentId, Long> groupCounts(
            AccountId account, java.util.Collection<AgentId> ids, Optional<AgentId> viewer);

    /**
     * The account's agents, deleted ones too, in {@code (updated_at, id)} order from a position: those updated after
     * {@code from}, and those updated at {@code from} with an id above {@code afterId} (zero takes them all).
     *
     * @param before only agents updated before this time, when given
     */
    java.util.List<Agent> changedSince(
            AccountId account, Instant from, long afterId, Optional<Instant> before, int limit);

    /**
     * Inserts an agent.
     *
     * @throws io.groupdesk.shared.ConflictException the email is used by another active agent of the account
     */
    Agent insert(AccountId account, String name, String email, Role role, Instant now);

    /**
     * Writes every mutable field of {@code agent}.
     *
     * @throws io.groupdesk.shared.ConflictException the email is used by another active agent of the account
     */
    void update(Agent agent, Instant now);

    /** Every active agent of the account, read in one pass. */
    java.util.List<Agent> active(AccountId account);

    /**
     * Inserts an import's new agents with one statement; they have no password.
     *
     * @throws io.groupdesk.shared.ConflictException an email is used by another active agent of the account
     */
    List<Agent> insertAll(AccountId account, java.util.List<ImportedAgent> agents, Instant now);

    /**
     * Writes every field an import brings of its active agents, in one batch.
     *
     * @throws io.groupdesk.shared.ConflictException an email is used by another active agent of the account
     */
    void updateAll(AccountId account, java.util.List<ImportedAgent> agents, Instant now);

    /** Marks the agent deleted: inactive, unable to sign in, its email free for another agent. */
    void deactivate(AccountId account, AgentId id, Instant now);
}
