package io.groupdesk.events;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.MembershipId;
import java.time.Instant;

/**
 * A membership as it was at a past time: one that still exists, or one removed since, rebuilt from its removal's
 * event.
 *
 * @param isDefault whether its group was the agent's default group at that time
 * @param updatedAt the membership's last change at or before that time, as far as it is known: its current
 *     {@code updated_at} when that is not later, otherwise its {@code created_at}
 */
public record MembershipAsOf(
        MembershipId id, AgentId agent, GroupId group, boolean isDefault, Instant createdAt, Instant updatedAt) {}
