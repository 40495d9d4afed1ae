package io.groupdesk.api.zendesk;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentChanges;
import io.groupdesk.agents.AgentService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.QueryString;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** {@code /api/v2/users}: Groupdesk's agents in the shape of Zendesk users, and the members of a group. */
final class ZendeskUsersController {
    private final AgentService agents;
    private final ZendeskJson json;
    private final BaseUrl baseUrl;

    ZendeskUsersController(AgentService agents, ZendeskJson json, BaseUrl baseUrl) {
        this.agents = agents;
        this.json = json;
        this.baseUrl = baseUrl;
    }

    void list(Context ctx, Caller caller) {
        QueryString query = QueryString.parse(ctx.queryString());
        ZendeskPaging paging = ZendeskPaging.parse(query);
        List<String> requested = new java.util.ArrayList<>(query.all("role"));
        requested.addAll(query.all("role[]"));
        Set<Role> roles = EnumSet.noneOf(Role.class);
        requested.forEach(value -> Role.fromKey(value.strip()).ifPresent(roles::add));
        Slice<Agent> slice = !requested.isEmpty() && roles.isEmpty()
                ? new Slice<>(List.of(), false, OptionalLong.of(0)) // only end-users asked for: Groupdesk has none
                : agents.list(caller, roles, paging.request());
        sendPage(ctx, caller, query, paging, slice);
    }

    void listOfGroup(Context ctx, Caller caller) {
        QueryString query = QueryString.parse(ctx.queryString());
        ZendeskPaging paging = ZendeskPaging.parse(query);
        GroupId group = new GroupId(ZendeskIds.parse(ctx.pathParam("group_id"), "group"));
        sendPage(ctx, caller, query, paging, agents.listInGroup(caller, group, paging.request()));
    }

    private void sendPage(Context ctx, Caller caller, QueryString query, ZendeskPaging paging, Slice<Agent> slice) {
        String base = baseUrl.of(ctx);
        Map<AgentId, GroupId> defaults = agents.defaultGroups(
                caller, slice.items().stream().map(Agent::id).toList());
        json.send(
                ctx,
                200,
                ZendeskPages.body(
                        ctx,
                        base,
                        query,
                        paging,
                        "users",
                        slice,
                        agent -> ZendeskUserJson.of(agent, Optional.ofNullable(defaults.get(agent.id())), base),
                        agent -> agent.id().value()));
    }

    void show(Context ctx, Caller caller) {
        send(ctx, caller, 200, agents.get(caller, id(ctx)));
    }

    void me(Context ctx, Caller caller) {
        send(ctx, caller, 200, agents.get(caller, caller.agent().orElseThrow()));
    }

    /** reference §4.2: /users/me answers an anonymous user, not a 401, to a request without credentials. */
    void anonymous(Context ctx) {
        Map<String, Object> user = new java.util.LinkedHashMap<>();
        user.put("id", null);
        user.put("url", null);
        user.put("name", "Anonymous user");
        user.put("email", "invalid@example.com");
        user.put("role", "end-user");
        user.put("locale", ZendeskUserJson.DEFAULT_LOCALE);
        user.put("time_zone", ZendeskUserJson.DEFAULT_TIME_ZONE);
        user.put("active", true);
        user.put("verified", false);
        json.send(ctx, 200, ZendeskJson.object("user", user));
    }

    void create(Context ctx, Caller caller) {
        Agent agent = agents.create(caller, ZendeskUserJson.newAgent(json.readObject(ctx)));
        ctx.header("Location", ZendeskUserJson.url(baseUrl.of(ctx), agent.id().value()));
        send(ctx, caller, 201, agent);
    }

    void update(Context ctx, Caller caller) {
        AgentId id = id(ctx);
        AgentChanges changes = ZendeskUserJson.changes(json.readObject(ctx));
        send(ctx, caller, 200, agents.update(caller, id, changes, ZendeskETags.ifMatch(ctx, id.value())));
    }

    void delete(Context ctx, Caller caller) {
        AgentId id = id(ctx);
        send(ctx, caller, 200, agents.delete(caller, id, ZendeskETags.ifMatch(ctx, id.value())));
    }

    private void send(Context ctx, Caller caller, int status, Agent agent) {
        Optional<GroupId> defaultGroup = Optional.ofNullable(
                agents.defaultGroups(caller, List.of(agent.id())).get(agent.id()));
        ZendeskETags.set(ctx, agent.id().value(), agent.updatedAt());
        json.send(ctx, status, ZendeskJson.object("user", ZendeskUserJson.of(agent, defaultGroup, baseUrl.of(ctx))));
    }

    private static AgentId id(Context ctx) {
        return new AgentId(ZendeskIds.parse(ctx.pathParam("id"), "user"));
    }
}
