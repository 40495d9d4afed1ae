package io.groupdesk.agents;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.Role;
import java.time.Instant;

/**
 * A person who works tickets in one account.
 *
 * @param acceptsAssignments whether tickets may be routed to the agent automatically
 * @param skillLevel a routing weight, or null
 * @param active false once the agent is deleted; an inactive agent cannot sign in or join groups
 */
public record Agent(
        AgentId id,
        AccountId accountId,
        String name,
        String email,
        Role role,
        String phone,
        String position,
        String workId,
        String alias,
        String avatarUrl,
        String locale,
        String timeZone,
        boolean acceptsAssignments,
        Integer skillLevel,
        boolean active,
        boolean suspended,
        Instant createdAt,
        Instant updatedAt) {}
