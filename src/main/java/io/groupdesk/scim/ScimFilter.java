package io.groupdesk.scim;

import java.util.List;

/**
 * A SCIM filter (RFC 7644 §3.4.2.2) as a tree. Attribute paths are kept as written, apart from the schema prefix of
 * a fully qualified name; their case is resolved when the filter is compiled.
 */
public sealed interface ScimFilter {

    /** {@code attrPath op value}. */
    record Compare(String path, Operator operator, Object value) implements ScimFilter {}

    /** {@code attrPath pr}. */
    record Present(String path) implements ScimFilter {}

    record And(ScimFilter left, ScimFilter right) implements ScimFilter {}

    record Or(ScimFilter left, ScimFilter right) implements ScimFilter {}

    record Not(ScimFilter inner) implements ScimFilter {}

    /** {@code attribute[filter]}: some value of the multi-valued {@code attribute} matches {@code filter}. */
    record ValuePath(String attribute, ScimFilter filter) implements ScimFilter {}

    /** The comparison operators; {@code pr} is {@link Present}. */
    enum Operator {
        EQ,
        NE,
        CO,
        SW,
        EW,
        GT,
        GE,
        LT,
        LE;

        static final List<String> NAMES = List.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le");
    }

    /** The literal {@code null} in a filter. */
    enum Null {
        NULL
    }

    /**
     * Parses a filter.
     *
     * @throws io.groupdesk.shared.ValidationException on field {@code filter} when the text is not a filter
     */
    static ScimFilter parse(String text) {
        return new ScimFilterParser(text).parse();
    }
}
