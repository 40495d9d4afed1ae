package io.groupdesk.shared;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * The versions of a record a write expects to find, checked by the core under the record's row lock so that two
 * writers who read the same version cannot both succeed. A record's version is its {@code updatedAt}, which every
 * change moves forward by at least a microsecond (see {@link #nextUpdatedAt}).
 *
 * @param anyOf the versions that match; empty matches nothing (every version the client sent was foreign)
 * @param any whether any existing version matches, i.e. no check
 */
public record ExpectedVersion(Set<Instant> anyOf, boolean any) {
    /** No expectation: the write applies to whatever version exists. */
    public static final ExpectedVersion ANY = new ExpectedVersion(Set.of(), true);

    public ExpectedVersion {
        anyOf = Set.copyOf(anyOf);
    }

    /** Matches a record whose {@code updatedAt} is one of these. */
    public static ExpectedVersion oneOf(Set<Instant> updatedAt) {
        return new ExpectedVersion(updatedAt, false);
    }

    /**
     * @throws PreconditionFailedException the record's current version is not one expected
     */
    public void check(String resource, Object id, Instant currentUpdatedAt) {
        if (!any && !anyOf.contains(currentUpdatedAt)) {
            throw new PreconditionFailedException(resource, id);
        }
    }

    /**
     * The {@code updatedAt} of a change made {@code now} to a record last changed at {@code previous}: {@code now}
     * to the microsecond the databases store, but always after {@code previous}, so that two changes within one
     * microsecond (or under a clock that stepped back) still give two versions.
     */
    public static Instant nextUpdatedAt(Instant previous, Instant now) {
        Instant stamp = now.truncatedTo(ChronoUnit.MICROS);
        return previous != null && !stamp.isAfter(previous) ? previous.plus(1, ChronoUnit.MICROS) : stamp;
    }
}
