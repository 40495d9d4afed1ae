package io.groupdesk.shared;

/**
 * One broken rule on one field of a command.
 *
 * @param field the field as the core names it ({@code name}, {@code is_public} is {@code public}), or {@code base}
 *     for the record as a whole
 * @param rule a stable rule name: {@code blank}, {@code too_long}, {@code taken}, {@code invalid}, {@code immutable}
 * @param message a sentence for people, without the field name
 */
public record FieldViolation(String field, Rule rule, String message) {

    /** The kinds of rule a field can break. */
    public enum Rule {
        BLANK,
        TOO_LONG,
        TAKEN,
        INVALID,
        IMMUTABLE
    }

    public static FieldViolation of(String field, Rule rule, String message) {
        return new FieldViolation(field, rule, message);
    }
}
