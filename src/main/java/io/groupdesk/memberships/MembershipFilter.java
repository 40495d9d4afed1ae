package io.groupdesk.memberships;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import java.util.Optional;

/**
 * Which memberships a list covers.
 *
 * @param agent only this agent's memberships
 * @param group only this group's memberships
 * @param assignableOnly only memberships tickets can be routed through: active agents who accept assignments
 */
public record MembershipFilter(Optional<AgentId> agent, Optional<GroupId> group, boolean assignableOnly) {

    public static MembershipFilter all() {
        return new MembershipFilter(Optional.empty(), Optional.empty(), false);
    }

    public static MembershipFilter ofAgent(AgentId agent) {
        return new MembershipFilter(Optional.of(agent), Optional.empty(), false);
    }

    public static MembershipFilter ofGroup(GroupId group) {
        return new MembershipFilter(Optional.empty(), Optional.of(group), false);
    }

    public MembershipFilter assignable() {
        return new MembershipFilter(agent, group, true);
    }
}
