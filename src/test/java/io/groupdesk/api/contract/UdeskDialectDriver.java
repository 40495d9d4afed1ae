package io.groupdesk.api.contract;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.UdeskSigner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The Udesk open API: every request signed in its query (v2, {@code email&token&timestamp&nonce&v2}), answers HTTP 200
 * with a business {@code code}, {@code /open_api_v1/user_groups} paged by {@code page} and {@code per_page}, and
 * membership changed through an agent's {@code user_group_ids}, the only way Udesk has (reference/udesk_usedesk.md
 * §1.6, §1.7).
 */
final class UdeskDialectDriver implements GroupsDialectDriver {
    private static final int SUCCESS = 1000;

    private final Http http;

    UdeskDialectDriver(Http http) {
        this.http = http;
    }

    @Override
    public String name() {
        return "Udesk";
    }

    @Override
    public Optional<String> showsDeletedGroups() {
        return Optional.empty();
    }

    @Override
    public Optional<String> lacks(Operation operation) {
        return Optional.empty();
    }

    @Override
    public GroupId createGroup(Actor actor, String name) {
        JsonNode created = send(actor, http.post(signed(actor, "/user_groups")).json(nameBody(name)));
        return new GroupId(created.get("id").asLong());
    }

    @Override
    public void renameGroup(Actor actor, GroupId group, String name) {
        send(actor, http.put(signed(actor, "/user_groups/" + group.value())).json(nameBody(name)));
    }

    @Override
    public void deleteGroup(Actor actor, GroupId group) {
        send(actor, http.delete(signed(actor, "/user_groups/" + group.value())));
    }

    @Override
    public void addMember(Actor actor, GroupId group, AgentId agent) {
        Set<Long> groups = new LinkedHashSet<>(groupsOf(actor, agent));
        groups.add(group.value());
        setGroups(actor, agent, groups);
    }

    @Override
    public void removeMember(Actor actor, GroupId group, AgentId agent) {
        Set<Long> groups = new LinkedHashSet<>(groupsOf(actor, agent));
        groups.remove(group.value());
        setGroups(actor, agent, groups);
    }

    @Override
    public Set<AgentId> members(Actor actor, GroupId group) {
        Set<AgentId> members = new HashSet<>();
        for (int page = 1; ; page++) {
            JsonNode answer = send(
                    actor,
                    http.get(
                            signed(actor, "/user_groups/" + group.value() + "/agents?page=" + page + "&per_page=100")));
            answer.get("user_group")
                    .get("agents")
                    .forEach(a -> members.add(new AgentId(a.get("id").asLong())));
            if (page >= answer.get("meta").get("total_pages").asInt()) {
                return members;
            }
        }
    }

    @Override
    public int pageSize(int wanted) {
        return wanted;
    }

    @Override
    public GroupPage listGroups(Actor actor, int size, Optional<String> next) {
        int page = next.map(Integer::parseInt).orElse(1);
        JsonNode answer = send(actor, http.get(signed(actor, "/user_groups?page=" + page + "&per_page=" + size)));
        List<GroupId> groups = new ArrayList<>();
        answer.get("user_groups")
                .forEach(g -> groups.add(new GroupId(g.get("id").asLong())));
        boolean more = page < answer.get("meta").get("total_pages").asInt();
        return new GroupPage(groups, more ? Optional.of(Integer.toString(page + 1)) : Optional.empty());
    }

    /** The agent's {@code user_group_ids}, as {@code GET /agents} shows them. */
    private List<Long> groupsOf(Actor actor, AgentId agent) {
        for (int page = 1; ; page++) {
            JsonNode answer = send(actor, http.get(signed(actor, "/agents?page=" + page + "&per_page=100")));
            for (JsonNode shown : answer.get("agents")) {
                if (shown.get("id").asLong() == agent.value()) {
                    List<Long> groups = new ArrayList<>();
                    shown.get("user_group_ids").forEach(id -> groups.add(id.asLong()));
                    return groups;
                }
            }
            if (page >= answer.get("meta").get("total_pages").asInt()) {
                throw new Refused(Refusal.NOT_FOUND, "GET /agents does not show agent " + agent.value());
            }
        }
    }

    private void setGroups(Actor actor, AgentId agent, Set<Long> groups) {
        String ids = groups.stream().map(Object::toString).collect(Collectors.joining(", "));
        send(
                actor,
                http.put(signed(actor, "/agents/" + agent.value()))
                        .json("{\"agent\": {\"user_group_ids\": [" + ids + "]}}"));
    }

    private static String nameBody(String name) {
        return "{\"name\": " + Json.quote(name) + "}";
    }

    /** The path under {@code /open_api_v1} with the actor's signature in its query; nobody signs nothing. */
    private static String signed(Actor actor, String path) {
        String target = "/open_api_v1" + path;
        return actor.agent()
                .map(agent -> target
                        + (path.contains("?") ? "&" : "?")
                        + UdeskSigner.v2(agent.email(), agent.token()).query())
                .orElse(target);
    }

    private static JsonNode send(Actor actor, Http.Request request) {
        Response response = request.host(actor.account().host()).send();
        if (response.status() != 200) {
            throw new AssertionError("Udesk answers every outcome with HTTP 200, not " + response);
        }
        JsonNode answer = response.json();
        int code = answer.get("code").asInt();
        if (code == SUCCESS) {
            return answer;
        }
        throw new Refused(
                switch (code) {
                    case 2059, 20621, 20622, 20623, 20624 -> Refusal.UNAUTHENTICATED;
                    case 2015 -> Refusal.FORBIDDEN;
                    case 2005 -> Refusal.NOT_FOUND;
                    case 2000 -> invalid(answer, response);
                    default -> throw new AssertionError("Udesk answered " + response);
                },
                response.toString());
    }

    /** Code 2000 is both Udesk's validation failure and its unknown error; only the first is a refusal. */
    private static Refusal invalid(JsonNode answer, Response response) {
        String detail = answer.path("exception").path("message").asString("");
        if (detail.startsWith("Validation failed")) {
            return Refusal.INVALID;
        }
        throw new AssertionError("Udesk answered an unknown error " + response);
    }
}
