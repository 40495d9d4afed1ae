package io.groupdesk.api.zendesk;

import io.groupdesk.access.Caller;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.QueryString;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupId;
import io.groupdesk.groups.GroupService;
import io.groupdesk.shared.Slice;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/v2/groups}: list, assignable, count, show, create, update, delete. */
final class ZendeskGroupsController {
    private final GroupService groups;
    private final ZendeskJson json;
    private final BaseUrl baseUrl;

    ZendeskGroupsController(GroupService groups, ZendeskJson json, BaseUrl baseUrl) {
        this.groups = groups;
        this.json = json;
        this.baseUrl = baseUrl;
    }

    void list(Context ctx, Caller caller) {
        QueryString query = QueryString.parse(ctx.queryString());
        // reference §1.1: deleted groups are left out unless exclude_deleted=false
        boolean includeDeleted =
                query.first("exclude_deleted").map("false"::equalsIgnoreCase).orElse(false);
        sendList(ctx, caller, query, GroupService.Scope.ALL, includeDeleted);
    }

    void assignable(Context ctx, Caller caller) {
        sendList(ctx, caller, QueryString.parse(ctx.queryString()), GroupService.Scope.ASSIGNABLE, false);
    }

    private void sendList(
            Context ctx, Caller caller, QueryString query, GroupService.Scope scope, boolean includeDeleted) {
        ZendeskPaging paging = ZendeskPaging.parse(query);
        Slice<Group> slice = groups.list(caller, scope, includeDeleted, paging.request());
        String base = baseUrl.of(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "groups",
                slice.items().stream().map(g -> ZendeskGroupJson.of(g, base)).toList());
        paging.describe(body, slice, base + ctx.path(), query, g -> g.id().value());
        json.send(ctx, 200, body);
    }

    void count(Context ctx, Caller caller) {
        long value = groups.count(caller);
        Map<String, Object> count = new LinkedHashMap<>();
        count.put("value", value);
        count.put("refreshed_at", ZendeskJson.timestamp(Instant.now()));
        json.send(
                ctx,
                200,
                ZendeskJson.object(
                        "count", count, "links", ZendeskJson.object("url", baseUrl.of(ctx) + "/api/v2/groups/count")));
    }

    void show(Context ctx, Caller caller) {
        Group group = groups.get(caller, id(ctx));
        json.send(ctx, 200, ZendeskJson.object("group", ZendeskGroupJson.of(group, baseUrl.of(ctx))));
    }

    void create(Context ctx, Caller caller) {
        Group group = groups.create(caller, ZendeskGroupJson.newGroup(json.readObject(ctx)));
        String base = baseUrl.of(ctx);
        ctx.header("Location", ZendeskGroupJson.url(base, group.id().value()));
        json.send(ctx, 201, ZendeskJson.object("group", ZendeskGroupJson.of(group, base)));
    }

    void update(Context ctx, Caller caller) {
        GroupId id = id(ctx);
        Group group = groups.update(caller, id, ZendeskGroupJson.changes(json.readObject(ctx)));
        json.send(ctx, 200, ZendeskJson.object("group", ZendeskGroupJson.of(group, baseUrl.of(ctx))));
    }

    void delete(Context ctx, Caller caller) {
        groups.delete(caller, id(ctx));
        ctx.status(204);
    }

    static GroupId id(Context ctx) {
        return new GroupId(ZendeskIds.parse(ctx.pathParam("id"), "group"));
    }
}
