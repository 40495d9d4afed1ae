package io.groupdesk.scim;

import io.groupdesk.scim.ScimColumns.Column;
import io.groupdesk.scim.ScimColumns.MultiValued;
import io.groupdesk.scim.ScimFilter.Operator;
import io.groupdesk.shared.Sql;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ScimFilter} compiled to a SQL condition over the columns {@link ScimColumns} names, with its values as
 * bound arguments ({@code :f0}, {@code :f1}, …), never in the text. Text attributes other than exact ones compare in
 * lower case on both sides, as RFC 7643 makes {@code userName}, {@code displayName} and emails case-insensitive. A
 * comparison with an absent value is false, so {@code ne} and {@code not} match resources without the attribute, as
 * RFC 7644 says.
 *
 * @param condition the condition, to be ANDed into a {@code WHERE}
 * @param arguments the bound values by name
 */
record ScimFilterSql(String condition, Map<String, Object> arguments) {

    /** @throws io.groupdesk.shared.ValidationException on field {@code filter}: an attribute or a value it cannot use */
    static ScimFilterSql compile(ScimFilter filter, ScimColumns columns) {
        Compiler compiler = new Compiler(columns);
        String condition = compiler.compile(filter, Optional.empty());
        return new ScimFilterSql(condition, compiler.arguments);
    }

    private static final class Compiler {
        private final ScimColumns columns;
        private final Map<String, Object> arguments = new LinkedHashMap<>();

        Compiler(ScimColumns columns) {
            this.columns = columns;
        }

        /** @param within the multi-valued attribute a value filter is inside of */
        String compile(ScimFilter filter, Optional<MultiValued> within) {
            if (filter instanceof ScimFilter.And and) {
                return "(" + compile(and.left(), within) + " AND " + compile(and.right(), within) + ")";
            }
            if (filter instanceof ScimFilter.Or or) {
                return "(" + compile(or.left(), within) + " OR " + compile(or.right(), within) + ")";
            }
            if (filter instanceof ScimFilter.Not not) {
                // a comparison on an absent value is unknown, which NOT would leave unknown: count it false
                return "(NOT COALESCE(" + compile(not.inner(), within) + ", FALSE))";
            }
            if (filter instanceof ScimFilter.Present present) {
                return leaf(present.path(), within, this::present);
            }
            if (filter instanceof ScimFilter.Compare compare) {
                return leaf(compare.path(), within, column -> compare(column, compare.operator(), compare.value()));
            }
            return valuePath((ScimFilter.ValuePath) filter, within);
        }

        private String valuePath(ScimFilter.ValuePath valuePath, Optional<MultiValued> within) {
            if (within.isPresent()) {
                throw ScimFilterParser.invalid("A value filter cannot hold another one");
            }
            String name = columns.normalize(valuePath.attribute());
            MultiValued attribute = columns.multiValued(name)
                    .orElseThrow(() -> ScimFilterParser.invalid(
                            "'" + valuePath.attribute() + "' is not a multi-valued attribute that can be filtered"));
            String condition = compile(valuePath.filter(), Optional.of(attribute));
            return attribute
                    .exists()
                    .map(from -> "EXISTS (SELECT 1 " + from + " AND " + condition + ")")
                    .orElse(condition);
        }

        private String leaf(
                String path, Optional<MultiValued> within, java.util.function.Function<Column, String> test) {
            if (within.isPresent()) {
                Column column = within.get().subAttributes().get(path.toLowerCase(Locale.ROOT));
                if (column == null) {
                    throw ScimFilterParser.invalid("'" + path + "' is not a sub-attribute that can be filtered");
                }
                return test.apply(column);
            }
            String name = columns.normalize(path);
            Optional<Column> column = columns.column(name);
            if (column.isPresent()) {
                return test.apply(column.get());
            }
            // emails.value, members.value, or emails alone (its value)
            int dot = name.lastIndexOf('.');
            String attribute = dot < 0 || name.startsWith("urn:") ? name : name.substring(0, dot);
            String sub = dot < 0 || name.startsWith("urn:") ? "value" : name.substring(dot + 1);
            MultiValued multi = columns.multiValued(attribute)
                    .orElseThrow(
                            () -> ScimFilterParser.invalid("'" + path + "' is not an attribute that can be filtered"));
            Column subColumn = multi.subAttributes().get(sub);
            if (subColumn == null) {
                throw ScimFilterParser.invalid("'" + path + "' is not an attribute that can be filtered");
            }
            String condition = test.apply(subColumn);
            return multi.exists()
                    .map(from -> "EXISTS (SELECT 1 " + from + " AND " + condition + ")")
                    .orElse(condition);
        }

        private String present(Column column) {
            return switch (column.type()) {
                case TEXT, EXACT_TEXT -> "(" + column.sql() + " IS NOT NULL AND " + column.sql() + " <> '')";
                case ID, DATETIME -> "(" + column.sql() + " IS NOT NULL)";
                case BOOLEAN -> "(" + column.sql() + " IS NOT NULL)";
            };
        }

        private String compare(Column column, Operator operator, Object value) {
            if (value == ScimFilter.Null.NULL) {
                return switch (operator) {
                    case EQ -> "(" + column.sql() + " IS NULL)";
                    case NE -> "(" + column.sql() + " IS NOT NULL)";
                    default -> throw ScimFilterParser.invalid("null can only be compared with eq or ne");
                };
            }
            return switch (column.type()) {
                case TEXT -> text(
                        "LOWER(" + column.sql() + ")", operator, string(value).toLowerCase(Locale.ROOT));
                case EXACT_TEXT -> text(column.sql(), operator, string(value));
                case ID -> id(column.sql(), operator, string(value));
                case BOOLEAN -> bool(column.sql(), operator, value);
                case DATETIME -> datetime(column.sql(), operator, string(value));
            };
        }

        private String text(String sql, Operator operator, String value) {
            return switch (operator) {
                case EQ -> "(" + sql + " = " + bind(value) + ")";
                case NE -> "(" + sql + " IS NULL OR " + sql + " <> " + bind(value) + ")";
                case CO -> "(" + sql + " LIKE " + bind("%" + like(value) + "%") + " ESCAPE '!')";
                case SW -> "(" + sql + " LIKE " + bind(like(value) + "%") + " ESCAPE '!')";
                case EW -> "(" + sql + " LIKE " + bind("%" + like(value)) + " ESCAPE '!')";
                case GT -> "(" + sql + " > " + bind(value) + ")";
                case GE -> "(" + sql + " >= " + bind(value) + ")";
                case LT -> "(" + sql + " < " + bind(value) + ")";
                case LE -> "(" + sql + " <= " + bind(value) + ")";
            };
        }

        private String id(String sql, Operator operator, String value) {
            if (operator != Operator.EQ && operator != Operator.NE) {
                // ids are strings to SCIM: compare their decimal text
                return text("CAST(" + sql + " AS VARCHAR(20))", operator, value);
            }
            Optional<Long> id = parseId(value);
            if (id.isEmpty()) {
                return operator == Operator.EQ ? "(1 = 0)" : "(1 = 1)";
            }
            return "(" + sql + (operator == Operator.EQ ? " = " : " <> ") + bind(id.get()) + ")";
        }

        private String bool(String sql, Operator operator, Object value) {
            if (!(value instanceof Boolean flag)) {
                throw ScimFilterParser.invalid("A boolean attribute is compared with true or false");
            }
            boolean wanted =
                    switch (operator) {
                        case EQ -> flag;
                        case NE -> !flag;
                        default -> throw ScimFilterParser.invalid("A boolean attribute is compared with eq or ne only");
                    };
            return wanted ? "(" + sql + ")" : "(NOT (" + sql + "))";
        }

        private String datetime(String sql, Operator operator, String value) {
            OffsetDateTime time;
            try {
                time = OffsetDateTime.parse(value);
            } catch (DateTimeException e) {
                throw ScimFilterParser.invalid("'" + value + "' is not a date and time such as 2026-01-31T12:00:00Z");
            }
            String argument = bind(Sql.timestamp(time.toInstant()));
            return switch (operator) {
                case EQ -> "(" + sql + " = " + argument + ")";
                case NE -> "(" + sql + " <> " + argument + ")";
                case GT -> "(" + sql + " > " + argument + ")";
                case GE -> "(" + sql + " >= " + argument + ")";
                case LT -> "(" + sql + " < " + argument + ")";
                case LE -> "(" + sql + " <= " + argument + ")";
                case CO, SW, EW -> throw ScimFilterParser.invalid(
                        "A date and time is compared with eq, ne, gt, ge, lt or le");
            };
        }

        private static String string(Object value) {
            if (value instanceof String text) {
                return text;
            }
            if (value instanceof BigDecimal || value instanceof Boolean) {
                throw ScimFilterParser.invalid(value + " is compared with a text attribute: quote it");
            }
            throw ScimFilterParser.invalid("A text attribute is compared with a string");
        }

        private static String like(String value) {
            // '!' escapes, not a backslash: Jdbi's statement parser reads a backslash in a literal as escaping the
            // quote
            return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
        }

        private String bind(Object value) {
            String name = "f" + arguments.size();
            arguments.put(name, value);
            return ":" + name;
        }
    }

    static Optional<Long> parseId(String value) {
        if (value == null || !value.matches("[1-9][0-9]{0,17}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(value));
    }
}
