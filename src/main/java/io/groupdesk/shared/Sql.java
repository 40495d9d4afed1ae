package io.groupdesk.shared;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.statement.Query;

/** Small helpers the JDBC repositories share: timestamps in and out, and SQLState checks. */
public final class Sql {
    private static final String UNIQUE_VIOLATION = "23505";

    private Sql() {}

    /** An instant as the {@code TIMESTAMP WITH TIME ZONE} value both databases accept. */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        return instant(rs.getObject(column, OffsetDateTime.class));
    }

    /** {@link #instant(ResultSet, String)} of the column at {@code position} (from 1). */
    public static Instant instant(ResultSet rs, int position) throws SQLException {
        return instant(rs.getObject(position, OffsetDateTime.class));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    /**
     * Appends a page's id condition, order and limit to a query over {@code alias.id}: keyset pages read after or
     * before their cursor (no OFFSET, so every page costs the same), offset pages skip. One more row than the page
     * size is read, to learn whether there are more.
     *
     * <p>{@code heldEqual} names the columns the query holds equal to one value that lead the index the page should
     * be read from, in the index's order ({@code g.account_id}, or {@code m.account_id, m.group_id} for one group's
     * memberships). They go first in the ORDER BY: it orders the same rows the same way, and H2 reads the page off
     * an index only when the ORDER BY starts with the index's columns. Ordered by the id alone, H2 2.5 read every
     * group of a 100,000-group account and sorted them for each first page (PostgreSQL sees through either form).
     *
     * @return whether rows come back in descending order (a page read backwards)
     */
    public static boolean appendPage(StringBuilder sql, String alias, PageRequest page, String... heldEqual) {
        String id = alias + ".id";
        if (page instanceof PageRequest.Keyset keyset) {
            boolean descending = keyset.cursor().isPresent() && keyset.direction() == PageRequest.Direction.BEFORE;
            if (keyset.cursor().isPresent()) {
                sql.append(descending ? " AND " + id + " < :cursor" : " AND " + id + " > :cursor");
            }
            sql.append(" ORDER BY ")
                    .append(order(heldEqual, id, descending ? " DESC" : ""))
                    .append(" LIMIT :limit");
            return descending;
        }
        sql.append(" ORDER BY ").append(order(heldEqual, id, "")).append(" LIMIT :limit OFFSET :offset");
        return false;
    }

    private static String order(String[] heldEqual, String id, String direction) {
        StringBuilder order = new StringBuilder();
        for (String column : heldEqual) {
            order.append(column).append(direction).append(", ");
        }
        return order.append(id).append(direction).toString();
    }

    /** Binds what {@link #appendPage} added. */
    public static Query bindPage(Query query, PageRequest page) {
        query.bind("limit", page.size() + 1);
        if (page instanceof PageRequest.Keyset keyset) {
            keyset.cursor().ifPresent(cursor -> query.bind("cursor", cursor.id()));
        } else {
            query.bind("offset", ((PageRequest.Offset) page).offset());
        }
        return query;
    }

    /**
     * A {@code LIKE ... ESCAPE '!'} pattern matching lower-cased text that contains {@code text} literally: its
     * wildcards are escaped with {@code !}, a character SQL statement parsers leave alone inside a literal (a backslash
     * they would not).
     */
    public static String containsPattern(String text) {
        String literal = text.toLowerCase(java.util.Locale.ROOT)
                .replace("!", "!!")
                .replace("%", "!%")
                .replace("_", "!_");
        return "%" + literal + "%";
    }

    /** Whether a JDBI or JDBC failure was caused by a unique key (SQLState 23505, the same on H2 and PostgreSQL). */
    public static boolean isUniqueViolation(Throwable failure) {
        return hasState(failure, UNIQUE_VIOLATION);
    }

    private static boolean hasState(Throwable failure, String state) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
