package io.groupdesk.shared;

/** The id of a group; ids are never reused. */
public record GroupId(long value) {
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
