package io.groupdesk.api.zendeskxml;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.QueryString;
import io.groupdesk.api.RequestBodies;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupChanges;
import io.groupdesk.groups.GroupService;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.rosters.GroupMembers;
import io.groupdesk.rosters.RosterService;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Ids;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/** {@code /groups.xml}: list, show (with members), create, update, destroy, and a group's users. */
final class ZendeskXmlGroupsController {
    private static final int PAGE_SIZE = PageRequest.MAX_SIZE;

    private final GroupService groups;
    private final AgentService agents;
    private final RosterService rosters;
    private final BaseUrl baseUrl;
    private final JsonMapper json;

    ZendeskXmlGroupsController(
            GroupService groups, AgentService agents, RosterService rosters, BaseUrl baseUrl, JsonMapper json) {
        this.groups = groups;
        this.agents = agents;
        this.rosters = rosters;
        this.baseUrl = baseUrl;
        this.json = json;
    }

    void list(Context ctx, Caller caller) {
        Slice<Group> slice = groups.list(
                caller,
                GroupService.Scope.ALL,
                false,
                PageRequest.offset(page(ctx), PAGE_SIZE).withTotal());
        long count = slice.total().orElse(slice.items().size());
        if (isJson(ctx)) {
            sendJson(
                    ctx,
                    200,
                    slice.items().stream()
                            .map(g -> ZendeskGroupXml.groupJson(g, null, Map.of()))
                            .toList());
        } else {
            sendXml(ctx, 200, ZendeskGroupXml.groups(slice.items(), count));
        }
    }

    void show(Context ctx, Caller caller) {
        GroupMembers roster = rosters.group(caller, id(ctx));
        sendGroup(ctx, 200, roster.group(), roster);
    }

    void create(Context ctx, Caller caller) {
        ZendeskGroupXmlReader.GroupXml request = read(ctx);
        Group group = groups.create(
                caller,
                new NewGroup(request.name().orElse(null), request.description(), Optional.empty(), request.agents()));
        ctx.header("Location", baseUrl.of(ctx) + "/groups/" + group.id().value() + (isJson(ctx) ? ".json" : ".xml"));
        sendGroup(ctx, 201, group, rosters.group(caller, group.id()));
    }

    void update(Context ctx, Caller caller) {
        ZendeskGroupXmlReader.GroupXml request = read(ctx);
        // seed 002: <agents> omitted leaves membership alone, an empty <agents> removes everyone
        Group group = groups.update(
                caller,
                id(ctx),
                new GroupChanges(request.name(), request.description(), Optional.empty(), request.agents()));
        sendGroup(ctx, 200, group, rosters.group(caller, group.id()));
    }

    /** Seed 002 and reference §5: 200 and no body, in the format the path names (not the server's default). */
    void destroy(Context ctx, Caller caller) {
        groups.delete(caller, id(ctx));
        ctx.status(200)
                .contentType(isJson(ctx) ? "application/json; charset=utf-8" : "application/xml; charset=utf-8")
                .result(new byte[0]);
    }

    void users(Context ctx, Caller caller) {
        Slice<Agent> slice = agents.listInGroup(
                caller, id(ctx), PageRequest.offset(page(ctx), PAGE_SIZE).withTotal());
        long count = slice.total().orElse(slice.items().size());
        Map<AgentId, GroupId> defaults = defaults(caller, slice.items());
        if (isJson(ctx)) {
            sendJson(
                    ctx,
                    200,
                    slice.items().stream()
                            .map(agent -> ZendeskGroupXml.userJson(agent, defaults.get(agent.id())))
                            .toList());
        } else {
            sendXml(ctx, 200, ZendeskGroupXml.users(slice.items(), defaults, count));
        }
    }

    private ZendeskGroupXmlReader.GroupXml read(Context ctx) {
        byte[] body;
        try {
            body = RequestBodies.utf8(ctx);
        } catch (RequestBodies.MalformedBodyException e) {
            throw new ZendeskXmlRequestException("The request body is not well-formed UTF-8");
        }
        if (isJson(ctx)) {
            return ZendeskGroupJsonReader.read(json, body);
        }
        return ZendeskGroupXmlReader.read(body);
    }

    /** Sends {@code group} with the members of {@code roster}, listed by agent id with each one's default group. */
    private void sendGroup(Context ctx, int status, Group group, GroupMembers roster) {
        List<GroupMembers.Member> byAgent = roster.members().stream()
                .sorted(Comparator.comparingLong(member -> member.agent().id().value()))
                .toList();
        List<Agent> members = byAgent.stream().map(GroupMembers.Member::agent).toList();
        Map<AgentId, GroupId> defaults = new HashMap<>();
        byAgent.forEach(member -> member.defaultGroup()
                .ifPresent(id -> defaults.put(member.agent().id(), id)));
        if (isJson(ctx)) {
            sendJson(ctx, status, ZendeskGroupXml.groupJson(group, members, defaults));
        } else {
            sendXml(ctx, status, ZendeskGroupXml.group(group, members, defaults));
        }
    }

    /** Each agent's default group, seed 002's {@code <group-id>}. */
    private Map<AgentId, GroupId> defaults(Caller caller, List<Agent> shown) {
        return shown.isEmpty()
                ? Map.of()
                : agents.defaultGroups(caller, shown.stream().map(Agent::id).toList());
    }

    private void sendXml(Context ctx, int status, String xml) {
        ctx.status(status).contentType("application/xml; charset=utf-8").result(xml);
    }

    private void sendJson(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json; charset=utf-8").result(json.writeValueAsBytes(body));
    }

    static boolean isJson(Context ctx) {
        return ctx.path().endsWith(".json");
    }

    private static int page(Context ctx) {
        String raw =
                QueryString.parse(ctx.queryString()).first("page").orElse("1").strip();
        try {
            return Math.max(1, Integer.parseInt(raw));
        } catch (NumberFormatException e) {
            throw new ZendeskXmlRequestException("page must be a positive integer");
        }
    }

    private static GroupId id(Context ctx) {
        String raw = ctx.pathParam("id");
        String digits = raw.replaceFirst("\\.(xml|json)$", "");
        return new GroupId(Ids.parse(digits).orElseThrow(() -> new NotFoundException("group", digits)));
    }
}
