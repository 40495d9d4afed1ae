package io.groupdesk.api.zendesk;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.QueryString;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Zendesk's incremental user export, both forms (reference §3): {@code /api/v2/incremental/users.json?start_time=}
 * (time-based) and {@code /api/v2/incremental/users/cursor.json} (cursor-based). Users in {@code (updated_at, id)}
 * order, deleted ones included (inactive), rendered as {@code /api/v2/users} renders them. Admins only.
 */
final class ZendeskIncrementalController {
    /** Zendesk's page size for incremental exports, and the most {@code per_page} may ask for. */
    static final int PAGE = 1000;

    private final AgentService agents;
    private final ZendeskJson json;
    private final BaseUrl baseUrl;
    private final Clock clock;

    ZendeskIncrementalController(AgentService agents, ZendeskJson json, BaseUrl baseUrl, Clock clock) {
        this.agents = agents;
        this.json = json;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /**
     * The time-based form. {@code next_page} carries the exact position of the last user as well as
     * {@code start_time}, so users updated in the same second are neither repeated nor skipped across pages.
     */
    void usersByTime(Context ctx, Caller caller) {
        QueryString query = QueryString.parse(ctx.queryString());
        ZendeskIncrementalCursor position = query.first("cursor")
                .filter(c -> !c.isBlank())
                .map(ZendeskIncrementalController::cursor)
                .orElseGet(() -> new ZendeskIncrementalCursor(startTime(query), 0));
        int size = size(query);
        List<Agent> page = read(caller, position, size);
        String base = baseUrl.of(ctx);
        ZendeskIncrementalCursor last = last(page, position);
        long endTime = last.updatedAt().getEpochSecond();
        QueryString next = query.replacing(
                name -> name.equals("start_time") || name.equals("cursor"),
                new QueryString.Parameter("start_time", Long.toString(endTime)),
                new QueryString.Parameter("cursor", last.encode()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("users", render(caller, page, base));
        body.put("next_page", base + "/api/v2/incremental/users.json?" + next.encode());
        body.put("count", page.size());
        body.put("end_time", endTime);
        body.put("end_of_stream", page.size() < size);
        json.send(ctx, 200, body);
    }

    /** The cursor-based form: {@code start_time} to begin, then {@code cursor} (an {@code after_cursor}). */
    void usersByCursor(Context ctx, Caller caller) {
        QueryString query = QueryString.parse(ctx.queryString());
        Optional<String> given = query.first("cursor").filter(c -> !c.isBlank());
        ZendeskIncrementalCursor position = given.map(ZendeskIncrementalController::cursor)
                .orElseGet(() -> new ZendeskIncrementalCursor(startTime(query), 0));
        int size = size(query);
        List<Agent> page = read(caller, position, size);
        String base = baseUrl.of(ctx);
        String after = last(page, position).encode();
        QueryString next = query.replacing(
                name -> name.equals("start_time") || name.equals("cursor"), new QueryString.Parameter("cursor", after));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("users", render(caller, page, base));
        body.put("after_cursor", after);
        body.put("after_url", base + "/api/v2/incremental/users/cursor.json?" + next.encode());
        // the export reads forwards only: there is no page before
        body.put("before_cursor", null);
        body.put("before_url", null);
        body.put("end_of_stream", page.size() < size);
        json.send(ctx, 200, body);
    }

    private List<Agent> read(Caller caller, ZendeskIncrementalCursor position, int size) {
        return agents.changedSince(caller, position.updatedAt(), position.id(), Optional.empty(), size);
    }

    private static ZendeskIncrementalCursor last(List<Agent> page, ZendeskIncrementalCursor position) {
        if (page.isEmpty()) {
            return position;
        }
        Agent last = page.get(page.size() - 1);
        return new ZendeskIncrementalCursor(last.updatedAt(), last.id().value());
    }

    private List<ZendeskUserJson> render(Caller caller, List<Agent> page, String base) {
        Map<AgentId, GroupId> defaults =
                agents.defaultGroups(caller, page.stream().map(Agent::id).toList());
        return page.stream()
                .map(agent -> ZendeskUserJson.of(agent, Optional.ofNullable(defaults.get(agent.id())), base))
                .toList();
    }

    /** {@code start_time}, required when no cursor is given, and not in the future (Zendesk answers the same). */
    private Instant startTime(QueryString query) {
        String raw = query.first("start_time")
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .orElseThrow(() -> ZendeskRequestException.badRequest(
                        "InvalidValue", "start_time is required: epoch seconds of the first change to export"));
        Instant start = ZendeskTimes.parse(raw, "start_time");
        if (start.isAfter(clock.instant())) {
            throw ZendeskRequestException.badRequest(
                    "InvalidValue", "start_time is in the future: use a time in the past");
        }
        return start;
    }

    private static ZendeskIncrementalCursor cursor(String text) {
        return ZendeskIncrementalCursor.parse(text)
                .orElseThrow(() -> ZendeskRequestException.badRequest(
                        "InvalidValue", "cursor is not an after_cursor this export gave"));
    }

    private static int size(QueryString query) {
        Optional<String> raw = query.first("per_page").map(String::strip).filter(v -> !v.isEmpty());
        if (raw.isEmpty()) {
            return PAGE;
        }
        try {
            int size = Integer.parseInt(raw.get());
            if (size < 1) {
                throw new NumberFormatException();
            }
            return Math.min(size, PAGE);
        } catch (NumberFormatException e) {
            throw ZendeskRequestException.badRequest(
                    "InvalidPaginationParameter", "per_page must be a positive integer");
        }
    }
}
