package io.groupdesk.events;

/**
 * One field's value before and after a change; {@code null} where there was none (a create's "before", a cleared
 * field's "after"). Values are strings, numbers and booleans.
 */
public record Change(Object from, Object to) {
    public static Change created(Object value) {
        return new Change(null, value);
    }

    public static Change removed(Object value) {
        return new Change(value, null);
    }
}
