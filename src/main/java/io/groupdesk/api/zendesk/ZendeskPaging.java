package io.groupdesk.api.zendesk;

import io.groupdesk.api.QueryString;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Zendesk's two pagination styles. {@code page[size]}, {@code page[after]} or {@code page[before]} choose cursor
 * pagination ({@code meta} and {@code links}); otherwise offset pagination ({@code page}, {@code per_page},
 * {@code next_page}, {@code previous_page}, {@code count}). Sizes above 100 are clamped to 100, as Zendesk does.
 */
final class ZendeskPaging {
    static final int MAX_OFFSET_PAGE = 100;
    private static final String SIZE = "page[size]";
    private static final String AFTER = "page[after]";
    private static final String BEFORE = "page[before]";

    private final PageRequest request;
    private final boolean cursorGiven;

    private ZendeskPaging(PageRequest request, boolean cursorGiven) {
        this.request = request;
        this.cursorGiven = cursorGiven;
    }

    static ZendeskPaging parse(QueryString query) {
        boolean cursorStyle = query.has(SIZE) || query.has(AFTER) || query.has(BEFORE);
        if (!cursorStyle) {
            int page = integer(query, "page").orElse(1);
            int perPage = Math.min(integer(query, "per_page").orElse(PageRequest.MAX_SIZE), PageRequest.MAX_SIZE);
            if (page > MAX_OFFSET_PAGE) {
                throw new ZendeskRequestException(
                        400,
                        ZendeskJson.object(
                                "errors",
                                List.of(ZendeskJson.object(
                                        "code", "InvalidPaginationDepth",
                                        "title",
                                                "Pagination requests using Offset Pagination are limited to page 100 or up to 10000"
                                                        + " records (page * per_page)",
                                        "detail",
                                                "Use cursor pagination (page[size]) to read beyond page "
                                                        + MAX_OFFSET_PAGE + "."))));
            }
            return new ZendeskPaging(PageRequest.offset(page, perPage).withTotal(), false);
        }
        if (query.has("page")) {
            throw invalid("page cannot be combined with page[size], page[after] or page[before]");
        }
        if (query.has(AFTER) && query.has(BEFORE)) {
            throw invalid("page[after] and page[before] cannot be used together");
        }
        int size = Math.min(integer(query, SIZE).orElse(PageRequest.MAX_SIZE), PageRequest.MAX_SIZE);
        Optional<String> after = query.first(AFTER).filter(v -> !v.isEmpty());
        Optional<String> before = query.first(BEFORE).filter(v -> !v.isEmpty());
        if (after.isPresent()) {
            return new ZendeskPaging(PageRequest.after(cursor(after.get(), AFTER), size), true);
        }
        if (before.isPresent()) {
            return new ZendeskPaging(PageRequest.before(cursor(before.get(), BEFORE), size), true);
        }
        return new ZendeskPaging(PageRequest.first(size), false);
    }

    PageRequest request() {
        return request;
    }

    /**
     * Adds the pagination keys for {@code slice} to a list response.
     *
     * @param pageUrl the absolute URL of the list, without query
     * @param idOf the id each cursor is made from
     */
    <T> void describe(
            Map<String, Object> body, Slice<T> slice, String pageUrl, QueryString query, ToLongFunction<T> idOf) {
        if (request instanceof PageRequest.Offset offset) {
            boolean hasNext = slice.hasMore();
            body.put("next_page", hasNext ? link(pageUrl, query, "page", offset.page() + 1) : null);
            body.put("previous_page", offset.page() > 1 ? link(pageUrl, query, "page", offset.page() - 1) : null);
            body.put("count", slice.total().orElse(0));
            return;
        }
        PageRequest.Keyset keyset = (PageRequest.Keyset) request;
        List<T> items = slice.items();
        String first = items.isEmpty() ? null : new Cursor(idOf.applyAsLong(items.get(0))).encode();
        String last = items.isEmpty() ? null : new Cursor(idOf.applyAsLong(items.get(items.size() - 1))).encode();
        boolean backwards = keyset.direction() == PageRequest.Direction.BEFORE;
        boolean moreAfter = backwards ? last != null : slice.hasMore();
        boolean moreBefore = backwards ? slice.hasMore() : cursorGiven && first != null;
        body.put("meta", meta(slice.hasMore(), last, first));
        body.put(
                "links",
                links(
                        moreBefore ? cursorLink(pageUrl, query, BEFORE, first) : null,
                        moreAfter ? cursorLink(pageUrl, query, AFTER, last) : null));
    }

    private static Map<String, Object> meta(boolean hasMore, String after, String before) {
        java.util.LinkedHashMap<String, Object> meta = new java.util.LinkedHashMap<>();
        meta.put("has_more", hasMore);
        meta.put("after_cursor", after);
        meta.put("before_cursor", before);
        return meta;
    }

    private static Map<String, Object> links(String prev, String next) {
        java.util.LinkedHashMap<String, Object> links = new java.util.LinkedHashMap<>();
        links.put("prev", prev);
        links.put("next", next);
        return links;
    }

    private static String cursorLink(String pageUrl, QueryString query, String name, String cursor) {
        QueryString next =
                query.replacing(n -> n.equals(AFTER) || n.equals(BEFORE), new QueryString.Parameter(name, cursor));
        return pageUrl + "?" + next.encode();
    }

    private static String link(String pageUrl, QueryString query, String name, int value) {
        QueryString next =
                query.replacing(n -> n.equals(name), new QueryString.Parameter(name, Integer.toString(value)));
        return pageUrl + "?" + next.encode();
    }

    private static Cursor cursor(String text, String parameter) {
        return Cursor.parse(text).orElseThrow(() -> invalid(parameter + " is not a cursor this API returned"));
    }

    private static Optional<Integer> integer(QueryString query, String name) {
        Optional<String> raw = query.first(name).map(String::strip).filter(v -> !v.isEmpty());
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < 1) {
                throw invalid(name + " must be a positive integer");
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            throw invalid(name + " must be a positive integer");
        }
    }

    private static ZendeskRequestException invalid(String description) {
        return ZendeskRequestException.badRequest("InvalidPaginationParameter", description);
    }
}
