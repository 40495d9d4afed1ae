package io.groupdesk.shared;

/** The id of a membership (not of its group). */
public record MembershipId(long value) {
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
