package io.groupdesk.accounts;

import java.time.Instant;

/**
 * A tenant: one helpdesk, addressed by the first label of the request's host.
 *
 * @param timeZone an IANA zone id, the fallback for groups without their own
 */
public record Account(
        AccountId id, String subdomain, String name, String timeZone, Instant createdAt, Instant updatedAt) {}
