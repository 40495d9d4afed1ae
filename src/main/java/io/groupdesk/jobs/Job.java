package io.groupdesk.jobs;

import io.groupdesk.shared.AccountId;
import java.time.Instant;
import java.util.List;

/**
 * A bulk change. Groupdesk runs bulk changes before answering, so a job is stored already completed.
 *
 * @param id 32 lowercase hex characters, unguessable
 * @param type what the job did, e.g. {@code memberships.create_many}
 */
public record Job(
        String id,
        AccountId accountId,
        String type,
        Status status,
        int total,
        int progress,
        List<JobItem> items,
        Instant createdAt,
        Instant updatedAt) {

    /** Where a job stands. */
    public enum Status {
        QUEUED,
        WORKING,
        COMPLETED,
        FAILED
    }
}
