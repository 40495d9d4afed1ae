package io.groupdesk.shared;

/** The id of an account, the tenant every other row belongs to. */
public record AccountId(long value) {
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
