package io.groupdesk.api.zendesk;

import io.groupdesk.access.Caller;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.QueryString;
import io.groupdesk.events.Action;
import io.groupdesk.events.AuditEntry;
import io.groupdesk.events.AuditFilter;
import io.groupdesk.events.EventLog;
import io.groupdesk.events.SourceType;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.Ids;
import io.groupdesk.shared.Slice;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/** {@code /api/v2/audit_logs}: the account's change events in Zendesk's audit log shape (reference §2). */
final class ZendeskAuditLogsController {
    private final EventLog events;
    private final ZendeskJson json;
    private final JsonMapper mapper;
    private final BaseUrl baseUrl;

    ZendeskAuditLogsController(EventLog events, ZendeskJson json, JsonMapper mapper, BaseUrl baseUrl) {
        this.events = events;
        this.json = json;
        this.mapper = mapper;
        this.baseUrl = baseUrl;
    }

    void list(Context ctx, Caller caller) {
        QueryString query = QueryString.parse(ctx.queryString());
        AuditFilter filter = filter(query);
        ZendeskPaging paging = ZendeskPaging.parse(query);
        Slice<AuditEntry> slice = events.audit(caller, filter, paging.request());
        String base = baseUrl.of(ctx);
        json.send(
                ctx,
                200,
                ZendeskPages.body(
                        ctx,
                        base,
                        query,
                        paging,
                        "audit_logs",
                        slice,
                        entry -> render(entry, base),
                        entry -> entry.event().id()));
    }

    void show(Context ctx, Caller caller) {
        long id = ZendeskIds.parse(ctx.pathParam("id"), "audit log");
        AuditEntry entry = events.auditEntry(caller, id);
        json.send(ctx, 200, ZendeskJson.object("audit_log", render(entry, baseUrl.of(ctx))));
    }

    private Map<String, Object> render(AuditEntry entry, String base) {
        return ZendeskAuditLogJson.of(entry, mapper.readTree(entry.event().changes()), base);
    }

    /** The {@code filter[...]} and {@code sort} parameters; a value Zendesk would not take is a 400. */
    static AuditFilter filter(QueryString query) {
        Optional<SourceType> sourceType = single(query, "filter[source_type]").map(value -> SourceType.ofKey(value)
                .orElseThrow(() -> invalid("filter[source_type] must be user, group or group_membership")));
        Optional<Long> sourceId = single(query, "filter[source_id]").map(value -> id(value, "filter[source_id]"));
        Optional<AuditFilter.Actor> actor = single(query, "filter[actor_id]")
                .map(value -> value.equals("-1")
                        ? AuditFilter.Actor.system()
                        : AuditFilter.Actor.of(new AgentId(id(value, "filter[actor_id]"))));
        Optional<String> ip = single(query, "filter[ip_address]");
        if (ip.isPresent() && ip.get().length() > 64) {
            throw invalid("filter[ip_address] is not an IP address");
        }
        Optional<Action> action = single(query, "filter[action]").map(value -> Action.ofKey(value)
                .orElseThrow(() -> invalid("filter[action] must be create, update or destroy")));
        List<String> range = query.all("filter[created_at][]");
        if (range.size() > 2) {
            throw invalid("filter[created_at][] takes two times: the start and the end");
        }
        Optional<Instant> from = range.isEmpty() || range.get(0).isBlank()
                ? Optional.empty()
                : Optional.of(ZendeskTimes.parse(range.get(0), "filter[created_at][]"));
        Optional<Instant> to = range.size() < 2 || range.get(1).isBlank()
                ? Optional.empty()
                : Optional.of(ZendeskTimes.parse(range.get(1), "filter[created_at][]"));
        if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
            throw invalid("filter[created_at][]: the end is before the start");
        }
        String sort = query.first("sort").map(String::strip).orElse("-created_at");
        boolean newestFirst =
                switch (sort) {
                    case "-created_at", "" -> true;
                    case "created_at" -> false;
                    default -> throw invalid("sort must be created_at or -created_at");
                };
        return new AuditFilter(sourceType, sourceId, actor, ip, action, from, to, newestFirst);
    }

    private static Optional<String> single(QueryString query, String name) {
        return query.first(name).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static long id(String value, String parameter) {
        return Ids.parse(value).orElseThrow(() -> invalid(parameter + " must be a positive integer id"));
    }

    private static ZendeskRequestException invalid(String description) {
        return ZendeskRequestException.badRequest("InvalidValue", description);
    }
}
