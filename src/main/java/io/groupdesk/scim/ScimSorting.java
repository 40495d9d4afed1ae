package io.groupdesk.scim;

import java.util.Optional;

/** {@code sortBy} and {@code sortOrder} (RFC 7644 §3.4.2.3) as an ORDER BY; ties are broken by id. */
final class ScimSorting {
    private ScimSorting() {}

    /** @throws io.groupdesk.shared.ValidationException on {@code sortBy}: not a single-valued attribute */
    static String orderBy(ScimColumns columns, Optional<String> sortBy, boolean descending, String id) {
        String direction = descending ? " DESC" : "";
        if (sortBy.isEmpty() || sortBy.get().isBlank()) {
            return id + direction;
        }
        String name = columns.normalize(sortBy.get().strip());
        ScimColumns.Column column = columns.column(name)
                .or(() -> columns.multiValued(name)
                        .flatMap(m -> m.exists().isPresent()
                                ? Optional.empty()
                                : Optional.ofNullable(m.subAttributes().get("value"))))
                .or(() -> subAttribute(columns, name))
                .orElseThrow(() -> ScimErrors.value(
                        "sortBy", "'" + sortBy.get() + "' is not an attribute resources can be sorted by"));
        String sql = column.type() == ScimColumns.Type.TEXT ? "LOWER(" + column.sql() + ")" : column.sql();
        return sql + direction + ", " + id + direction;
    }

    /** {@code emails.value}: a sub-attribute of a multi-valued attribute held in the resource's own row. */
    private static Optional<ScimColumns.Column> subAttribute(ScimColumns columns, String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || name.startsWith("urn:")) {
            return Optional.empty();
        }
        return columns.multiValued(name.substring(0, dot))
                .filter(m -> m.exists().isEmpty())
                .flatMap(m -> Optional.ofNullable(m.subAttributes().get(name.substring(dot + 1))));
    }
}
