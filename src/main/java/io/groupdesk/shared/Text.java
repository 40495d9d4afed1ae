package io.groupdesk.shared;

import io.groupdesk.shared.FieldViolation.Rule;
import java.util.List;
import java.util.Optional;

/**
 * The rules every stored text field follows, the same on H2 and PostgreSQL: a length is counted in code points (an
 * emoji is one character, as PostgreSQL counts it; the schema gives H2, which counts UTF-16 units, room for twice
 * as many), and no field may hold NUL, which PostgreSQL text cannot store. Names (of agents, groups and accounts, and
 * an agent's alias) also refuse every control character and the characters that reorder text when it is shown.
 */
public final class Text {
    private Text() {}

    /** The length of {@code value} in code points, the unit every maximum of the core is given in. */
    public static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    /**
     * What {@code value} breaks as a text field of at most {@code max} code points: too long, or holding NUL.
     *
     * @param field the field as the core names it, for the violation
     */
    public static Optional<FieldViolation> violation(String field, String value, int max) {
        if (length(value) > max) {
            return Optional.of(
                    FieldViolation.of(field, Rule.TOO_LONG, "is too long (maximum is " + max + " characters)"));
        }
        if (value.indexOf('\0') >= 0) {
            return Optional.of(FieldViolation.of(field, Rule.INVALID, "cannot contain NUL characters"));
        }
        return Optional.empty();
    }

    /**
     * What {@code value} breaks as a name of at most {@code max} code points: what {@link #violation} refuses, and
     * any C0 or C1 control character (tabs and line breaks included) or bidirectional formatting character (U+061C,
     * U+200E, U+200F, U+202A..U+202E, U+2066..U+2069), which would make a name show as something it is not.
     */
    public static Optional<FieldViolation> nameViolation(String field, String value, int max) {
        Optional<FieldViolation> text = violation(field, value, max);
        if (text.isPresent()) {
            return text;
        }
        if (value.codePoints().anyMatch(Text::isControlOrBidi)) {
            return Optional.of(FieldViolation.of(
                    field, Rule.INVALID, "cannot contain control characters or bidirectional formatting characters"));
        }
        return Optional.empty();
    }

    /** Adds {@link #violation}'s answer, if any, to {@code violations}. */
    public static void check(String field, String value, int max, List<FieldViolation> violations) {
        violation(field, value, max).ifPresent(violations::add);
    }

    /** Adds {@link #nameViolation}'s answer, if any, to {@code violations}. */
    public static void checkName(String field, String value, int max, List<FieldViolation> violations) {
        nameViolation(field, value, max).ifPresent(violations::add);
    }

    /**
     * Throws {@link #nameViolation}'s answer, if any.
     *
     * @throws ValidationException the name breaks a rule
     */
    public static void requireName(String field, String value, int max) {
        nameViolation(field, value, max).ifPresent(v -> {
            throw new ValidationException(v);
        });
    }

    /**
     * Throws {@link #violation}'s answer, if any.
     *
     * @throws ValidationException the text breaks a rule
     */
    public static void require(String field, String value, int max) {
        violation(field, value, max).ifPresent(v -> {
            throw new ValidationException(v);
        });
    }

    private static boolean isControlOrBidi(int c) {
        return Character.getType(c) == Character.CONTROL // C0, DEL and C1
                || c == 0x061C
                || c == 0x200E
                || c == 0x200F
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
