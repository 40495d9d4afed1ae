package io.groupdesk.rosters;

import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import java.util.Optional;
import java.util.Set;

/**
 * Which of an account's active agents a roster of agents covers.
 *
 * @param roles the roles to include; empty includes all
 * @param includeSuspended whether suspended agents are included
 * @param inGroup when present, only members of this group, which the caller must see
 */
public record AgentFilter(Set<Role> roles, boolean includeSuspended, Optional<GroupId> inGroup) {

    public AgentFilter {
        roles = Set.copyOf(roles);
    }

    /** Every active agent, suspended ones included. */
    public static AgentFilter all() {
        return new AgentFilter(Set.of(), true, Optional.empty());
    }

    /** The active agents in a group, suspended ones included. */
    public static AgentFilter inGroup(GroupId group) {
        return new AgentFilter(Set.of(), true, Optional.of(group));
    }
}
