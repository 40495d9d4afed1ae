package io.groupdesk.api.zendesk;

import io.groupdesk.access.Caller;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.QueryString;
import io.groupdesk.events.EventLog;
import io.groupdesk.events.FeedPage;
import io.groupdesk.shared.Cursor;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v2/groupdesk/events}: Groupdesk's feed of every change event of the account, in commit order, read on
 * from {@code cursor} (an {@code after_cursor} it gave) or from {@code start_time}.
 */
final class ZendeskEventsController {
    private static final int DEFAULT_PAGE = 100;

    private final EventLog events;
    private final ZendeskJson json;
    private final JsonMapper mapper;
    private final BaseUrl baseUrl;

    ZendeskEventsController(EventLog events, ZendeskJson json, JsonMapper mapper, BaseUrl baseUrl) {
        this.events = events;
        this.json = json;
        this.mapper = mapper;
        this.baseUrl = baseUrl;
    }

    void feed(Context ctx, Caller caller) {
        QueryString query = QueryString.parse(ctx.queryString());
        Optional<String> cursor = value(query, "cursor");
        Optional<String> startTime = value(query, "start_time");
        if (cursor.isPresent() && startTime.isPresent()) {
            throw ZendeskRequestException.badRequest("InvalidValue", "Give cursor or start_time, not both");
        }
        EventLog.FeedStart start = cursor.<EventLog.FeedStart>map(
                        text -> new EventLog.FeedStart.After(Cursor.parse(text)
                                .orElseThrow(() -> ZendeskRequestException.badRequest(
                                        "InvalidValue", "cursor is not an after_cursor this feed gave"))
                                .id()))
                .orElseGet(() -> new EventLog.FeedStart.At(
                        startTime.map(t -> ZendeskTimes.parse(t, "start_time")).orElse(Instant.EPOCH)));
        int size = size(query);
        FeedPage page = events.feed(caller, start, size);
        String afterCursor = new Cursor(page.position()).encode();
        String base = baseUrl.of(ctx);
        QueryString next = query.replacing(
                name -> name.equals("cursor") || name.equals("start_time"),
                new QueryString.Parameter("cursor", afterCursor));
        List<Map<String, Object>> rendered = page.events().stream()
                .map(event -> ZendeskEventJson.of(event, mapper.readTree(event.changes())))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", rendered);
        body.put("after_cursor", afterCursor);
        body.put("after_url", base + "/api/v2/groupdesk/events.json?" + next.encode());
        body.put("end_of_stream", page.endOfStream());
        body.put("count", rendered.size());
        json.send(ctx, 200, body);
    }

    /** {@code per_page} or {@code page[size]}, 100 by default; above {@link EventLog#MAX_FEED_PAGE} is clamped. */
    private static int size(QueryString query) {
        Optional<String> raw = value(query, "page[size]").or(() -> value(query, "per_page"));
        if (raw.isEmpty()) {
            return DEFAULT_PAGE;
        }
        try {
            int size = Integer.parseInt(raw.get());
            if (size < 1) {
                throw new NumberFormatException();
            }
            return Math.min(size, EventLog.MAX_FEED_PAGE);
        } catch (NumberFormatException e) {
            throw ZendeskRequestException.badRequest(
                    "InvalidPaginationParameter", "per_page must be a positive integer");
        }
    }

    private static Optional<String> value(QueryString query, String name) {
        return query.first(name).map(String::strip).filter(v -> !v.isEmpty());
    }
}
