package io.groupdesk.scim;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * A value filter ({@code emails[type eq "work"]}) tested against one element of a multi-valued attribute in memory,
 * for PATCH paths: the elements of a user's emails or phone numbers are few. Text compares ignoring case.
 */
final class ScimFilterMatch {
    private ScimFilterMatch() {}

    static boolean matches(Map<String, Object> element, ScimFilter filter) {
        if (filter instanceof ScimFilter.And and) {
            return matches(element, and.left()) && matches(element, and.right());
        }
        if (filter instanceof ScimFilter.Or or) {
            return matches(element, or.left()) || matches(element, or.right());
        }
        if (filter instanceof ScimFilter.Not not) {
            return !matches(element, not.inner());
        }
        if (filter instanceof ScimFilter.Present present) {
            Object value = ScimDocuments.get(element, present.path()).orElse(null);
            return value != null && !(value instanceof String text && text.isEmpty());
        }
        if (filter instanceof ScimFilter.Compare compare) {
            return compare(ScimDocuments.get(element, compare.path()).orElse(null), compare);
        }
        throw ScimErrors.invalidPath("A value filter cannot hold another one");
    }

    private static boolean compare(Object actual, ScimFilter.Compare compare) {
        Object expected = compare.value();
        if (expected == ScimFilter.Null.NULL) {
            return switch (compare.operator()) {
                case EQ -> actual == null;
                case NE -> actual != null;
                default -> throw ScimErrors.invalidPath("null can only be compared with eq or ne");
            };
        }
        if (actual == null) {
            return compare.operator() == ScimFilter.Operator.NE;
        }
        if (expected instanceof Boolean flag) {
            boolean value = ScimDocuments.toBoolean(compare.path(), actual);
            return switch (compare.operator()) {
                case EQ -> value == flag;
                case NE -> value != flag;
                default -> throw ScimErrors.invalidPath("A boolean is compared with eq or ne only");
            };
        }
        String left = actual.toString().toLowerCase(Locale.ROOT);
        String right = (expected instanceof BigDecimal number ? number.toPlainString() : expected.toString())
                .toLowerCase(Locale.ROOT);
        return switch (compare.operator()) {
            case EQ -> left.equals(right);
            case NE -> !left.equals(right);
            case CO -> left.contains(right);
            case SW -> left.startsWith(right);
            case EW -> left.endsWith(right);
            case GT -> left.compareTo(right) > 0;
            case GE -> left.compareTo(right) >= 0;
            case LT -> left.compareTo(right) < 0;
            case LE -> left.compareTo(right) <= 0;
        };
    }
}
