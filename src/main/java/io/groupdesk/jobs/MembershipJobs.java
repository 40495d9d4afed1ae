package io.groupdesk.jobs;

import io.groupdesk.access.Caller;
import io.groupdesk.access.Permission;
import io.groupdesk.memberships.BulkOutcome;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.GroupdeskException;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.Transactions;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulk membership changes recorded as jobs. The change and its job are written in one transaction, so the job exists
 * exactly when the change committed, and both cost one commit.
 */
public final class MembershipJobs {
    /** The type of the job of {@link #addMemberships}. */
    public static final String ADD = "group_memberships.create_many";
    /** The type of the job of {@link #removeMemberships}. */
    public static final String REMOVE = "group_memberships.destroy_many";

    private final MembershipService memberships;
    private final JobService jobs;
    private final Transactions transactions;

    public MembershipJobs(MembershipService memberships, JobService jobs, Transactions transactions) {
        this.memberships = memberships;
        this.jobs = jobs;
        this.transactions = transactions;
    }

    /**
     * Adds up to {@link MembershipService#MAX_BULK} memberships ({@link MembershipService#addMany}) and records the
     * outcome of each as a completed job. Requires {@link Permission#MANAGE_MEMBERSHIPS}.
     */
    public Job addMemberships(Caller caller, List<NewMembership> items) {
        return transactions.inTransaction(
                () -> record(caller, ADD, "create", memberships.addMany(caller, items), List.of()));
    }

    /**
     * Removes up to {@link MembershipService#MAX_BULK} memberships ({@link MembershipService#removeMany}) and
     * records the outcome of each as a completed job; an unknown id's item names the id it was given. Requires
     * {@link Permission#MANAGE_MEMBERSHIPS}.
     */
    public Job removeMemberships(Caller caller, List<MembershipId> ids) {
        return transactions.inTransaction(
                () -> record(caller, REMOVE, "delete", memberships.removeMany(caller, ids), ids));
    }

    private Job record(
            Caller caller, String type, String action, List<BulkOutcome> outcomes, List<MembershipId> requestedIds) {
        List<JobItem> items = new ArrayList<>();
        for (BulkOutcome outcome : outcomes) {
            Long recordId = outcome.membership()
                    .map(m -> m.id().value())
                    .orElse(
                            requestedIds.isEmpty()
                                    ? null
                                    : requestedIds.get(outcome.index()).value());
            items.add(new JobItem(
                    outcome.index(),
                    recordId,
                    action,
                    outcome.success(),
                    outcome.failure().map(MembershipJobs::errorOf).orElse(null),
                    outcome.failure().map(Throwable::getMessage).orElse(null)));
        }
        return jobs.recordCompleted(caller, type, items);
    }

    /** The item's stable code ({@link JobItem#error}). */
    private static String errorOf(GroupdeskException failure) {
        return switch (failure.code()) {
            case CONFLICT -> "taken";
            case NOT_FOUND -> "not_found";
            case VALIDATION_FAILED, FORBIDDEN, UNAUTHENTICATED, PRECONDITION_FAILED, TOO_MANY_REQUESTS -> "invalid";
        };
    }
}
