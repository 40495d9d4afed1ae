package io.groupdesk.memberships;

import io.groupdesk.shared.GroupdeskException;
import java.util.Optional;

/**
 * What happened to one item of a bulk change. A failed item does not undo the others.
 *
 * @param index the item's position in the request
 * @param membership the membership created or removed, when there was one
 * @param failure why the item failed, when it did
 */
public record BulkOutcome(int index, Optional<Membership> membership, Optional<GroupdeskException> failure) {

    public boolean success() {
        return failure.isEmpty();
    }

    static BulkOutcome done(int index, Membership membership) {
        return new BulkOutcome(index, Optional.of(membership), Optional.empty());
    }

    static BulkOutcome failed(int index, GroupdeskException failure) {
        return new BulkOutcome(index, Optional.empty(), Optional.of(failure));
    }
}
