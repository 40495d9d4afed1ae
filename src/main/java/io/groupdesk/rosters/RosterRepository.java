package io.groupdesk.rosters;

import io.groupdesk.agents.Agent;
import io.groupdesk.groups.Group;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Jdbi;

/**
 * Storage reads of rosters; every method is scoped by account. A {@code viewer}, when present, limits the groups read
 * to those {@link io.groupdesk.access.Visibility} lets that agent see; empty reads every group of the account.
 */
public interface RosterRepository {

    static RosterRepository jdbc(Jdbi jdbi) {
        return new JdbcRosterRepository(jdbi);
    }

    /** An agent of the account, active or not. */
    Optional<Agent> agent(AccountId account, AgentId id);

    /** A group of the account, deleted or not, if the viewer sees it. */
    Optional<Group> group(AccountId account, GroupId id, Optional<AgentId> viewer);

    /** A page of the account's active agents that {@code filter} covers, in id order, each with its groups. */
    Slice<AgentGroups> agents(AccountId account, AgentFilter filter, Optional<AgentId> viewer, PageRequest page);

    /** Each of these agents with its groups, in the order given. */
    List<AgentGroups> groupsOf(AccountId account, List<Agent> agents, Optional<AgentId> viewer);

    /** A page of the account's groups the viewer sees, in id order, each with its members. */
    Slice<GroupMembers> groups(AccountId account, boolean includeDeleted, Optional<AgentId> viewer, PageRequest page);

    /**
     * One group with its members; with a {@code limit}, the members among its first {@code limit} memberships.
     */
    GroupMembers membersOf(AccountId account, Group group, OptionalInt limit, Optional<AgentId> viewer);

    /**
     * An offset page of a group's members, in membership id order; with {@code text}, only those whose name or email
     * contains it, ignoring case.
     */
    Slice<GroupMembers.Member> members(
            AccountId account, GroupId group, Optional<String> text, Optional<AgentId> viewer, PageRequest.Offset page);
}
