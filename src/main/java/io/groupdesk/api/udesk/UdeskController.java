package io.groupdesk.api.udesk;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentService;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.api.QueryString;
import io.groupdesk.api.RequestBodies;
import io.groupdesk.api.RequestLimits;
import io.groupdesk.credentials.ApiTokenService;
import io.groupdesk.credentials.Authenticator;
import io.groupdesk.credentials.Credentials;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupChanges;
import io.groupdesk.groups.GroupService;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.rosters.AgentFilter;
import io.groupdesk.rosters.AgentGroups;
import io.groupdesk.rosters.RosterService;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Ids;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.UnauthenticatedException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /open_api_v1}: user groups, their agents, agents, and {@code log_in}. */
final class UdeskController {
    static final int DEFAULT_PER_PAGE = 20;

    private final GroupService groups;
    private final AgentService agents;
    private final MembershipService memberships;
    private final RosterService rosters;
    private final ApiTokenService tokens;
    private final Authenticator authenticator;
    private final RequestLimits limits;
    private final JsonMapper json;

    UdeskController(
            GroupService groups,
            AgentService agents,
            MembershipService memberships,
            RosterService rosters,
            ApiTokenService tokens,
            Authenticator authenticator,
            RequestLimits limits,
            JsonMapper json) {
        this.limits = limits;
        this.groups = groups;
        this.agents = agents;
        this.memberships = memberships;
        this.rosters = rosters;
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.json = json;
    }

    void listGroups(Context ctx, Caller caller) {
        Paging paging = Paging.of(ctx);
        Slice<Group> slice = groups.list(caller, GroupService.Scope.ALL, false, paging.request());
        sendOk(ctx, out -> {
            out.writeArrayPropertyStart("user_groups");
            writeRosters(out, caller, slice.items());
            out.writeEndArray();
            out.writePOJOProperty("meta", UdeskJson.meta(slice, paging.page(), paging.perPage()));
        });
    }

    void createGroup(Context ctx, Caller caller) {
        Group group = groups.create(caller, NewGroup.named(UdeskJson.groupName(body(ctx))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", group.id().value());
        body.put("code", 1000);
        send(ctx, body);
    }

    void updateGroup(Context ctx, Caller caller) {
        GroupId id = liveGroup(caller, groupId(ctx)).id();
        Group group = groups.update(caller, id, GroupChanges.rename(UdeskJson.groupName(body(ctx))));
        sendOk(ctx, out -> {
            out.writeNumberProperty("id", group.id().value());
            out.writeName("user_group");
            writeRosters(out, caller, List.of(group));
        });
    }

    void deleteGroup(Context ctx, Caller caller) {
        GroupId id = groupId(ctx);
        // seed 001: 2005 for an id that matches no group, and a deleted group is gone from Udesk's view
        groups.deleteLive(caller, id, GroupService.DefaultGroups.MOVE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "The customer service group with ID " + id.value() + " was successfully deleted");
        body.put("code", 1000);
        send(ctx, body);
    }

    /** Seed 001 and its table disagree on the key, so both are sent (reference §4, Udesk point 6). */
    void groupAgents(Context ctx, Caller caller) {
        Paging paging = Paging.of(ctx);
        Group group = liveGroup(caller, groupId(ctx));
        Slice<AgentGroups> slice = rosters.agents(caller, AgentFilter.inGroup(group.id()), paging.request());
        Map<String, Object> userGroup = new LinkedHashMap<>();
        userGroup.put("id", group.id().value());
        userGroup.put("name", group.name());
        userGroup.put("agents", rich(slice.items()));
        Map<String, Object> body = ok();
        body.put("user_group", userGroup);
        body.put("user_groups", List.of(userGroup));
        body.put("meta", UdeskJson.meta(slice, paging.page(), paging.perPage()));
        send(ctx, body);
    }

    void listAgents(Context ctx, Caller caller) {
        Paging paging = Paging.of(ctx);
        boolean withDisabled = QueryString.parse(ctx.queryString())
                .first("with_disabled")
                .map("true"::equalsIgnoreCase)
                .orElse(false);
        Slice<AgentGroups> slice =
                rosters.agents(caller, new AgentFilter(Set.of(), withDisabled, Optional.empty()), paging.request());
        Map<String, Object> body = ok();
        body.put("agents", rich(slice.items()));
        body.put("meta", UdeskJson.meta(slice, paging.page(), paging.perPage()));
        send(ctx, body);
    }

    void createAgent(Context ctx, Caller caller) {
        UdeskJson.AgentRequest request = UdeskJson.agentRequest(body(ctx));
        Agent agent = agents.create(
                caller,
                new NewAgent(
                        request.nickName().orElse(null),
                        request.email().orElse(null),
                        request.changes().role(),
                        request.changes()));
        sendAgent(ctx, caller, agent);
    }

    /** {@code user_group_ids} sets the agent's groups to exactly that list. */
    void updateAgent(Context ctx, Caller caller) {
        UdeskJson.AgentRequest request = UdeskJson.agentRequest(body(ctx));
        sendAgent(ctx, caller, agents.update(caller, agentId(ctx), request.changes()));
    }

    void deleteAgent(Context ctx, Caller caller) {
        Agent agent = agents.delete(caller, agentId(ctx));
        Map<String, Object> body = ok();
        body.put("message", "The agent with ID " + agent.id().value() + " was successfully deleted");
        send(ctx, body);
    }

    /**
     * {@code POST /log_in}: an email and password answer the agent's own sign-in token (reference §1.4), never one of
     * the account's API tokens.
     */
    void logIn(Context ctx, AccountId account) {
        JsonNode body = limits.readBeforeAuthentication(ctx, () -> body(ctx));
        String email = body.path("email").asString("");
        String password = body.path("password").asString("");
        Caller caller;
        try {
            if (email.isBlank() || password.isEmpty()) {
                throw new UnauthenticatedException();
            }
            Credentials credentials = new Credentials.EmailPassword(email, password);
            caller = limits.authenticate(ctx, account, credentials, authenticator);
        } catch (UnauthenticatedException e) {
            throw new UdeskException(UdeskException.NOT_FOUND, "Resource not found", "wrong email or password");
        }
        String token = tokens.signInToken(caller, caller.agent().orElseThrow());
        Map<String, Object> out = ok();
        out.put("open_api_auth_token", token);
        out.put("open_api_token", token);
        send(ctx, out);
    }

    private void sendAgent(Context ctx, Caller caller, Agent agent) {
        Map<String, Object> body = ok();
        body.put("agent", rich(List.of(rosters.agent(caller, agent.id()))).get(0));
        send(ctx, body);
    }

    /** Each agent with its live groups in id order: a deleted group is gone from Udesk's view. */
    private static List<Map<String, Object>> rich(List<AgentGroups> rosters) {
        return rosters.stream()
                .map(roster -> UdeskJson.agent(
                        roster.agent(),
                        roster.groups().stream()
                                .map(AgentGroups.Placement::group)
                                .filter(group -> !group.deleted())
                                .sorted(Comparator.comparingLong(
                                        group -> group.id().value()))
                                .toList()))
                .toList();
    }

    /** Writes each group of {@code page} with its roster, the roster read row by row into the answer. */
    private void writeRosters(JsonGenerator out, Caller caller, List<Group> page) {
        UdeskJson.RosterWriter writer = new UdeskJson.RosterWriter(out, page);
        memberships.members(caller, page.stream().map(Group::id).toList(), writer);
        writer.finish();
    }

    /** A group as Udesk sees it: a deleted group is gone, 2005 like an id that matches none. */
    private Group liveGroup(Caller caller, GroupId id) {
        Group group = groups.get(caller, id);
        if (group.deleted()) {
            throw new NotFoundException("group", id);
        }
        return group;
    }

    private JsonNode body(Context ctx) {
        byte[] bytes;
        try {
            bytes = RequestBodies.utf8(ctx);
        } catch (RequestBodies.MalformedBodyException e) {
            throw new UdeskException(UdeskException.UNKNOWN, "Unknown error", "the body is not well-formed UTF-8");
        }
        if (bytes.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new UdeskException(UdeskException.UNKNOWN, "Unknown error", "the body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new UdeskException(UdeskException.UNKNOWN, "Unknown error", "the body is not valid JSON");
        }
    }

    private void send(Context ctx, Object body) {
        send(ctx, json.writeValueAsBytes(body));
    }

    private static void send(Context ctx, byte[] body) {
        ctx.status(200).contentType("application/json; charset=utf-8").result(body);
    }

    /**
     * Sends what {@link #ok} starts, the properties after {@code code} written by {@code properties}: for answers too
     * large to build as a map.
     */
    private void sendOk(Context ctx, Consumer<JsonGenerator> properties) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        try (JsonGenerator out = json.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeNumberProperty("code", 1000);
            properties.accept(out);
            out.writeEndObject();
        }
        send(ctx, bytes.toByteArray());
    }

    private static Map<String, Object> ok() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 1000);
        return body;
    }

    private static GroupId groupId(Context ctx) {
        return new GroupId(positive(ctx.pathParam("id"), "UserGroup"));
    }

    private static AgentId agentId(Context ctx) {
        return new AgentId(positive(ctx.pathParam("id"), "Agent"));
    }

    private static long positive(String raw, String resource) {
        return Ids.parse(raw).orElseThrow(() -> new NotFoundException(resource, raw));
    }

    /** Udesk's {@code page} (from 1) and {@code per_page} (default 20, at most 100). */
    record Paging(int page, int perPage) {
        static Paging of(Context ctx) {
            QueryString query = QueryString.parse(ctx.queryString());
            int page = number(query.first("page"), 1);
            int perPage = Math.min(number(query.first("per_page"), DEFAULT_PER_PAGE), PageRequest.MAX_SIZE);
            return new Paging(page, perPage);
        }

        PageRequest.Offset request() {
            return PageRequest.offset(page, perPage).withTotal();
        }

        private static int number(Optional<String> raw, int fallback) {
            String value = raw.map(String::strip).orElse("");
            if (value.isEmpty()) {
                return fallback;
            }
            if (!value.matches("\\d{1,6}") || Integer.parseInt(value) < 1) {
                throw new UdeskException(
                        UdeskException.UNKNOWN, "Unknown error", "page and per_page must be positive integers");
            }
            return Integer.parseInt(value);
        }
    }
}
