package io.groupdesk.scim;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where each filterable attribute of one resource type is in SQL: a column (or expression) of the resource's row, or,
 * for a multi-valued attribute, either sub-attributes of the same row (a user's one email) or rows found by an
 * {@code EXISTS} subquery (a group's members). Attribute names are matched ignoring case, with or without their
 * schema's URN.
 */
final class ScimColumns {
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    /** How a column is compared. */
    enum Type {
        /** Text compared ignoring case. */
        TEXT,
        /** Text compared exactly ({@code id}-like strings such as {@code externalId}). */
        EXACT_TEXT,
        /** A numeric id shown as a string. */
        ID,
        BOOLEAN,
        DATETIME
    }

    record Column(String sql, Type type) {}

    /**
     * A multi-valued attribute.
     *
     * @param exists empty when its values are columns of the resource's row; otherwise the subquery's {@code FROM}
     *     and join condition, as {@code FROM memberships m WHERE m.group_id = g.id}, to which conditions are added
     */
    record MultiValued(Optional<String> exists, Map<String, Column> subAttributes) {}

    private final String coreSchema;
    private final Map<String, Column> columns = new HashMap<>();
    private final Map<String, MultiValued> multiValued = new HashMap<>();

    ScimColumns(String coreSchema) {
        this.coreSchema = coreSchema.toLowerCase(Locale.ROOT) + ":";
    }

    ScimColumns column(String attribute, String sql, Type type) {
        columns.put(attribute.toLowerCase(Locale.ROOT), new Column(sql, type));
        return this;
    }

    ScimColumns multiValued(String attribute, Optional<String> exists, Map<String, Column> subAttributes) {
        Map<String, Column> lower = new HashMap<>();
        subAttributes.forEach((name, column) -> lower.put(name.toLowerCase(Locale.ROOT), column));
        multiValued.put(attribute.toLowerCase(Locale.ROOT), new MultiValued(exists, lower));
        return this;
    }

    /** The attribute's name in lower case without the resource's core schema URN. */
    String normalize(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.startsWith(coreSchema) ? lower.substring(coreSchema.length()) : lower;
    }

    Optional<Column> column(String normalized) {
        return Optional.ofNullable(columns.get(normalized));
    }

    Optional<MultiValued> multiValued(String normalized) {
        return Optional.ofNullable(multiValued.get(normalized));
    }
}
