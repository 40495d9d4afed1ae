package io.groupdesk.rosters;

import io.groupdesk.agents.Agent;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.GroupId;
import java.util.List;
import java.util.Optional;

/**
 * A group with its active members, in membership id order.
 *
 * @param members each membership of the group whose agent is active, with that agent
 */
public record GroupMembers(Group group, List<Member> members) {

    public GroupMembers {
        members = List.copyOf(members);
    }

    /**
     * A member of the group.
     *
     * @param defaultGroup the agent's default group, this one or another; empty when the caller may not see it
     * @param defaultGroupName that group's name, present exactly when {@code defaultGroup} is
     */
    public record Member(
            Membership membership, Agent agent, Optional<GroupId> defaultGroup, Optional<String> defaultGroupName) {}
}
