package io.groupdesk.memberships;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.MembershipId;
import java.time.Instant;

/**
 * An agent's place in a group.
 *
 * @param isDefault whether this is the agent's default group; exactly one of an agent's memberships is
 */
public record Membership(
        MembershipId id,
        AccountId accountId,
        AgentId agentId,
        GroupId groupId,
        boolean isDefault,
        Instant createdAt,
        Instant updatedAt) {}
