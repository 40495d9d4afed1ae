package io.groupdesk.accounts;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.WeeklyHours;
import java.time.Instant;

/**
 * A tenant: one helpdesk, addressed by the first label of the request's host.
 *
 * @param timeZone an IANA zone id, the fallback for groups without their own
 * @param workingHours the account's working hours, the fallback for groups without their own
 */
public record Account(
        AccountId id,
        String subdomain,
        String name,
        String timeZone,
        WeeklyHours workingHours,
        Instant createdAt,
        Instant updatedAt) {}
