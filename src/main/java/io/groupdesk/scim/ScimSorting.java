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
                .orElseThrow(() -> ScimErrors.value(
                        "sortBy", "'" + sortBy.get() + "' is not an attribute resources can be sorted by"));
        String sql = column.type() == ScimColumns.Type.TEXT ? "LOWER(" + column.sql() + ")" : column.sql();
        return sql + direction + ", " + id + direction;
    }
}
