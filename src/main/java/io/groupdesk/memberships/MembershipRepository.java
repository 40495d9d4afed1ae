package io.groupdesk.memberships;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/** Storage of memberships, and the row locks that keep their rules; every method is scoped by account. */
public interface MembershipRepository {

    static MembershipRepository jdbc(Jdbi jdbi) {
        return new JdbcMembershipRepository(jdbi);
    }

    /** What the rules need to know of an agent. */
    record AgentState(AgentId id, boolean active, boolean suspended) {}

    /** What the rules need to know of a group. */
    record GroupState(GroupId id, boolean deleted, boolean isPublic) {}

    /** Locks the agents that exist in the account, in id order, until the transaction ends. */
    Map<AgentId, AgentState> lockAgents(AccountId account, Collection<AgentId> agents);

    /** Locks the groups that exist in the account, in id order, until the transaction ends. */
    Map<GroupId, GroupState> lockGroups(AccountId account, Collection<GroupId> groups);

    /** The agent, without locking it. */
    Optional<AgentState> agent(AccountId account, AgentId agent);

    /** The group, without locking it. */
    Optional<GroupState> group(AccountId account, GroupId group);

    /** The groups among these that exist in the account, without locking them. */
    Map<GroupId, GroupState> groups(AccountId account, Collection<GroupId> groups);

    /** The memberships of each of these agents that has any, oldest first. */
    Map<AgentId, List<Membership>> ofAgents(AccountId account, Collection<AgentId> agents);

    Optional<Membership> find(AccountId account, MembershipId id);

    Optional<Membership> find(AccountId account, AgentId agent, GroupId group);

    /** The memberships of any of these groups, in id order. */
    List<Membership> ofGroups(AccountId account, Collection<GroupId> groups);

    /**
     * Passes the active agents in these groups, with their names, to {@code each}: group by group in the order of
     * {@code groups}, and within a group in membership id order. A roster can run to thousands of agents, so it is
     * handed on row by row rather than collected.
     */
    void activeMembers(AccountId account, List<GroupId> groups, Consumer<MembershipService.Member> each);

    /** The group's memberships, in id order. */
    List<Membership> ofGroup(AccountId account, GroupId group);

    /** The agent's memberships, oldest first. */
    List<Membership> ofAgent(AccountId account, AgentId agent);

    /**
     * What a batch of additions needs to know in two reads instead of two per item: which of these agents are in any
     * group, and which (agent, group) pairs among them exist. Read under the agents' row locks, it stays true until
     * the transaction ends.
     */
    Present present(AccountId account, Collection<AgentId> agents, Collection<GroupId> groups);

    /** The agents of a batch that have memberships, and the (agent, group) pairs of the batch that exist. */
    record Present(java.util.Set<AgentId> agentsInAnyGroup, java.util.Set<Map.Entry<AgentId, GroupId>> pairs) {
        boolean contains(AgentId agent, GroupId group) {
            return pairs.contains(Map.entry(agent, group));
        }
    }

    /**
     * A page of memberships, ordered by id.
     *
     * @param viewer when present, memberships of private groups are included only if this agent is in the group
     */
    Slice<Membership> list(AccountId account, MembershipFilter filter, Optional<AgentId> viewer, PageRequest page);

    Membership insert(AccountId account, AgentId agent, GroupId group, boolean isDefault, Instant now);

    /** One row of {@link #insertAll}. */
    record NewRow(AgentId agent, GroupId group, boolean isDefault) {}

    /** Inserts the rows in one batch (one round trip), in order; the memberships come back in the same order. */
    List<Membership> insertAll(AccountId account, List<NewRow> rows, Instant now);

    void delete(AccountId account, MembershipId id);

    /** Makes {@code id} the agent's only default membership. */
    void makeDefault(AccountId account, AgentId agent, MembershipId id, Instant now);

    /** The default group of each of these agents that has one. */
    /** The default group of each of these agents, left out where {@code viewer} is present and may not see it. */
    Map<AgentId, GroupId> defaultGroups(AccountId account, Collection<AgentId> agents, Optional<AgentId> viewer);

    /** Whether {@code agent} is a member of {@code group}. */
    boolean isMember(AccountId account, AgentId agent, GroupId group);

    /**
     * Writes an import batch with one statement per kind: first drops the default mark of the agents in
     * {@code clearDefaults}, then marks the existing memberships {@code markDefaults} as default, then inserts.
     *
     * @return the memberships inserted
     * @throws UnknownRow an agent or group of {@code inserts} is not of the account
     */
    List<Membership> importRows(
            AccountId account,
            List<AgentId> clearDefaults,
            List<NewRow> markDefaults,
            List<NewRow> inserts,
            Instant now);

    /** A row names an agent or group the account does not have. */
    final class UnknownRow extends RuntimeException {
        UnknownRow() {
            super(null, null, false, false);
        }
    }

    /** The account's deleted groups. */
    java.util.Set<GroupId> deletedGroups(AccountId account);

    /**
     * Brings the planner's statistics up to date after many rows were added, so the checks of the memberships'
     * foreign keys do not run with plans made for near-empty tables. A no-op where the database has no such
     * statistics to refresh.
     */
    void refreshStatistics();

    /** Sets the member count of every group of the account to its number of memberships. */
    void recountMembers(AccountId account);
}
