package io.groupdesk.api.scim;

import io.groupdesk.scim.ScimProjection;
import io.groupdesk.scim.ScimQuery;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A list's parameters (RFC 7644 §3.4.2), from the query string of a GET or the body of a {@code POST /.search}:
 * {@code filter}, {@code startIndex}, {@code count}, {@code sortBy}, {@code sortOrder}, {@code attributes},
 * {@code excludedAttributes}.
 */
record ScimParams(ScimQuery query, List<String> attributes, List<String> excluded) {
    static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    /** The projection parameters of a request for one resource. */
    static ScimParams projection(Context ctx) {
        return new ScimParams(
                new ScimQuery(Optional.empty(), 1, ScimQuery.MAX_COUNT, Optional.empty(), false),
                ScimProjection.parse(ctx.queryParam("attributes")),
                ScimProjection.parse(ctx.queryParam("excludedAttributes")));
    }

    static ScimParams ofQuery(Context ctx) {
        return of(
                Optional.ofNullable(ctx.queryParam("filter")),
                ctx.queryParam("startIndex"),
                ctx.queryParam("count"),
                Optional.ofNullable(ctx.queryParam("sortBy")),
                ctx.queryParam("sortOrder"),
                ctx.queryParam("attributes"),
                ctx.queryParam("excludedAttributes"));
    }

    static ScimParams ofSearch(Map<String, Object> body) {
        return of(
                Optional.ofNullable(text(body, "filter")),
                text(body, "startIndex"),
                text(body, "count"),
                Optional.ofNullable(text(body, "sortBy")),
                text(body, "sortOrder"),
                names(body, "attributes"),
                names(body, "excludedAttributes"));
    }

    private static ScimParams of(
            Optional<String> filter,
            String startIndex,
            String count,
            Optional<String> sortBy,
            String sortOrder,
            String attributes,
            String excluded) {
        boolean descending;
        if (sortOrder == null || sortOrder.equalsIgnoreCase("ascending")) {
            descending = false;
        } else if (sortOrder.equalsIgnoreCase("descending")) {
            descending = true;
        } else {
            throw ScimRequestException.invalidValue("sortOrder must be ascending or descending");
        }
        return new ScimParams(
                new ScimQuery(
                        filter.filter(f -> !f.isBlank()),
                        number("startIndex", startIndex, 1),
                        (int) Math.min(Integer.MAX_VALUE, number("count", count, ScimQuery.MAX_COUNT)),
                        sortBy.filter(s -> !s.isBlank()),
                        descending),
                ScimProjection.parse(attributes),
                ScimProjection.parse(excluded));
    }

    private static long number(String name, String value, long otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ScimRequestException.invalidValue(name + " must be an integer");
        }
    }

    private static String text(Map<String, Object> body, String name) {
        return body.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && e.getValue() != null)
                .map(e -> e.getValue().toString())
                .findFirst()
                .orElse(null);
    }

    /** A search request's attribute list: an array of names, or one comma-separated string. */
    private static String names(Map<String, Object> body, String name) {
        return body.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && e.getValue() != null)
                .map(e -> e.getValue() instanceof List<?> list
                        ? String.join(",", list.stream().map(String::valueOf).toList())
                        : e.getValue().toString())
                .findFirst()
                .orElse(null);
    }

    boolean includes(String attribute) {
        return ScimProjection.includes(attribute.toLowerCase(Locale.ROOT), attributes, excluded);
    }
}
