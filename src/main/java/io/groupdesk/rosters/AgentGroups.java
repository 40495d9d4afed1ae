package io.groupdesk.rosters;

import io.groupdesk.agents.Agent;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.GroupId;
import java.util.List;
import java.util.Optional;

/**
 * An agent with the groups it is in that the caller sees, deleted or not, oldest membership first.
 *
 * @param groups the agent's memberships with their groups; the default one is marked {@link Membership#isDefault()}
 */
public record AgentGroups(Agent agent, List<Placement> groups) {

    public AgentGroups {
        groups = List.copyOf(groups);
    }

    /** One of the agent's groups, and the membership that puts the agent in it. */
    public record Placement(Membership membership, Group group) {}

    /** The agent's default group, when the caller sees it. */
    public Optional<GroupId> defaultGroup() {
        return groups.stream()
                .filter(placement -> placement.membership().isDefault())
                .map(placement -> placement.group().id())
                .findFirst();
    }
}
