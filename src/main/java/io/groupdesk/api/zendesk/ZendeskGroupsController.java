package io.groupdesk.api.zendesk;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.QueryString;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Slice;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/v2/groups}: list, assignable, count, show, create, update, delete. */
final class ZendeskGroupsController {
    private final GroupService groups;
    private final AgentService agents;
    private final ZendeskJson json;
    private final BaseUrl baseUrl;

    ZendeskGroupsController(GroupService groups, AgentService agents, ZendeskJson json, BaseUrl baseUrl) {
        this.groups = groups;
        this.agents = agents;
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

    void listOfUser(Context ctx, Caller caller) {
        QueryString query = QueryString.parse(ctx.queryString());
        ZendeskPaging paging = ZendeskPaging.parse(query);
        AgentId user = new AgentId(ZendeskIds.parse(ctx.pathParam("user_id"), "user"));
        send(ctx, caller, query, paging, groups.listOfAgent(caller, user, paging.request()));
    }

    void countOfUser(Context ctx, Caller caller) {
        AgentId user = new AgentId(ZendeskIds.parse(ctx.pathParam("user_id"), "user"));
        sendCount(ctx, groups.countOfAgent(caller, user));
    }

    void assignable(Context ctx, Caller caller) {
        sendList(ctx, caller, QueryString.parse(ctx.queryString()), GroupService.Scope.ASSIGNABLE, false);
    }

    private void sendList(
            Context ctx, Caller caller, QueryString query, GroupService.Scope scope, boolean includeDeleted) {
        ZendeskPaging paging = ZendeskPaging.parse(query);
        send(ctx, caller, query, paging, groups.list(caller, scope, includeDeleted, paging.request()));
    }

    private void send(Context ctx, Caller caller, QueryString query, ZendeskPaging paging, Slice<Group> slice) {
        String base = baseUrl.of(ctx);
        Map<String, Object> body = ZendeskPages.body(
                ctx, base, query, paging, "groups", slice, g -> ZendeskGroupJson.of(g, base), g -> g.id().value());
        if (ZendeskPages.includes(query).contains("users")) {
            List<Agent> members = agents.membersOf(
                    caller, slice.items().stream().map(Group::id).toList());
            Map<AgentId, GroupId> defaults =
                    agents.defaultGroups(caller, members.stream().map(Agent::id).toList());
            body.put(
                    "users",
                    members.stream()
                            .map(a -> ZendeskUserJson.of(a, Optional.ofNullable(defaults.get(a.id())), base))
                            .toList());
        }
        json.send(ctx, 200, body);
    }

    void count(Context ctx, Caller caller) {
        sendCount(ctx, groups.count(caller));
    }

    private void sendCount(Context ctx, long value) {
        Map<String, Object> count = new LinkedHashMap<>();
        count.put("value", value);
        count.put("refreshed_at", ZendeskJson.timestamp(Instant.now()));
        json.send(
                ctx,
                200,
                ZendeskJson.object(
                        "count",
                        count,
                        "links",
                        ZendeskJson.object("url", baseUrl.of(ctx) + ctx.path().replaceFirst("\\.json$", ""))));
    }

    void show(Context ctx, Caller caller) {
        Group group = groups.get(caller, id(ctx));
        ZendeskETags.set(ctx, group.id().value(), group.updatedAt());
        json.send(ctx, 200, ZendeskJson.object("group", ZendeskGroupJson.of(group, baseUrl.of(ctx))));
    }

    void create(Context ctx, Caller caller) {
        Group group = groups.create(caller, ZendeskGroupJson.newGroup(json.readObject(ctx)));
        String base = baseUrl.of(ctx);
        ctx.header("Location", ZendeskGroupJson.url(base, group.id().value()));
        ZendeskETags.set(ctx, group.id().value(), group.updatedAt());
        json.send(ctx, 201, ZendeskJson.object("group", ZendeskGroupJson.of(group, base)));
    }

    void update(Context ctx, Caller caller) {
        GroupId id = id(ctx);
        Group group = groups.update(
                caller, id, ZendeskGroupJson.changes(json.readObject(ctx)), ZendeskETags.ifMatch(ctx, id.value()));
        ZendeskETags.set(ctx, group.id().value(), group.updatedAt());
        json.send(ctx, 200, ZendeskJson.object("group", ZendeskGroupJson.of(group, baseUrl.of(ctx))));
    }

    void delete(Context ctx, Caller caller) {
        GroupId id = id(ctx);
        groups.delete(caller, id, GroupService.DefaultGroups.REFUSE, ZendeskETags.ifMatch(ctx, id.value()));
        ctx.status(204);
    }

    static GroupId id(Context ctx) {
        return new GroupId(ZendeskIds.parse(ctx.pathParam("id"), "group"));
    }
}
