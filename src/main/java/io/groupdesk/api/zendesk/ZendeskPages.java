package io.groupdesk.api.zendesk;

import io.groupdesk.api.QueryString;
import io.groupdesk.shared.Slice;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/** A list response: the items under their key, the pagination keys, and any sideloads. */
final class ZendeskPages {
    private ZendeskPages() {}

    static <T> Map<String, Object> body(
            Context ctx,
            String baseUrl,
            QueryString query,
            ZendeskPaging paging,
            String key,
            Slice<T> slice,
            Function<T, Object> render,
            ToLongFunction<T> idOf) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, slice.items().stream().map(render).toList());
        paging.describe(body, slice, baseUrl + ctx.path(), query, idOf);
        return body;
    }

    /** The sideloads a request asks for with {@code include=users,groups}. */
    static Set<String> includes(QueryString query) {
        return query.all("include").stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip)
                .filter(value -> !value.isEmpty())
                .collect(Collectors.toSet());
    }
}
