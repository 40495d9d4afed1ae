package io.groupdesk.groups;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.WeeklyHours;
import java.time.Instant;

/**
 * A group of agents in one account.
 *
 * @param isPublic false for a private group, which only its members (and admins) see; private is for good
 * @param isDefault whether this is the account's default group, which new agents join and which cannot be deleted
 * @param deleted true once deleted: the group is kept but can no longer be assigned or joined
 * @param timeZone the group's own IANA time zone, or null to use the account's
 * @param workingHours the group's own working hours, or {@link WeeklyHours#NONE} to use the account's
 */
public record Group(
        GroupId id,
        AccountId accountId,
        String name,
        String description,
        boolean isPublic,
        boolean isDefault,
        boolean deleted,
        Instant deletedAt,
        String timeZone,
        WeeklyHours workingHours,
        Instant createdAt,
        Instant updatedAt) {}
