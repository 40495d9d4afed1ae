package io.groupdesk.events;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import java.util.Optional;

/** Whose memberships a read as of a time covers: one agent's, or one group's. */
public record MembershipScope(Optional<AgentId> agent, Optional<GroupId> group) {
    public MembershipScope {
        if (agent.isPresent() == group.isPresent()) {
            throw new IllegalArgumentException("a membership scope names an agent or a group");
        }
    }

    public static MembershipScope ofAgent(AgentId agent) {
        return new MembershipScope(Optional.of(agent), Optional.empty());
    }

    public static MembershipScope ofGroup(GroupId group) {
        return new MembershipScope(Optional.empty(), Optional.of(group));
    }
}
