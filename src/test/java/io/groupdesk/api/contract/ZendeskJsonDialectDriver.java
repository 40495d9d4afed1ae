package io.groupdesk.api.contract;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Zendesk support API v2 in JSON: API token in basic auth, {@code /api/v2/groups} and {@code /api/v2/group_memberships},
 * cursor pages followed through {@code links.next} (reference/zendesk.md).
 */
final class ZendeskJsonDialectDriver implements GroupsDialectDriver {
    private final Http http;

    ZendeskJsonDialectDriver(Http http) {
        this.http = http;
    }

    @Override
    public String name() {
        return "Zendesk JSON";
    }

    @Override
    public Optional<String> showsDeletedGroups() {
        return Optional.of("Zendesk v2 keeps a deleted group readable with \"deleted\": true, and deleting it again"
                + " succeeds (reference/zendesk.md, Groups)");
    }

    @Override
    public Optional<String> lacks(Operation operation) {
        return Optional.empty();
    }

    @Override
    public GroupId createGroup(Actor actor, String name) {
        JsonNode created = send(actor, http.post("/api/v2/groups.json").json(groupBody(name)), 201);
        return new GroupId(created.get("group").get("id").asLong());
    }

    @Override
    public void renameGroup(Actor actor, GroupId group, String name) {
        send(actor, http.put("/api/v2/groups/" + group.value() + ".json").json(groupBody(name)), 200);
    }

    @Override
    public void deleteGroup(Actor actor, GroupId group) {
        send(actor, http.delete("/api/v2/groups/" + group.value() + ".json"), 204);
    }

    @Override
    public void addMember(Actor actor, GroupId group, AgentId agent) {
        send(
                actor,
                http.post("/api/v2/group_memberships.json")
                        .json("{\"group_membership\": {\"user_id\": " + agent.value() + ", \"group_id\": "
                                + group.value() + "}}"),
                201);
    }

    @Override
    public void removeMember(Actor actor, GroupId group, AgentId agent) {
        long membership = memberships(actor, group).stream()
                .filter(m -> m.get("user_id").asLong() == agent.value())
                .findFirst()
                .orElseThrow(() -> new Refused(Refusal.NOT_FOUND, "no membership of " + agent + " in " + group))
                .get("id")
                .asLong();
        send(actor, http.delete("/api/v2/group_memberships/" + membership + ".json"), 204);
    }

    @Override
    public Set<AgentId> members(Actor actor, GroupId group) {
        Set<AgentId> members = new HashSet<>();
        memberships(actor, group)
                .forEach(m -> members.add(new AgentId(m.get("user_id").asLong())));
        return members;
    }

    @Override
    public int pageSize(int wanted) {
        return wanted;
    }

    @Override
    public GroupPage listGroups(Actor actor, int size, Optional<String> next) {
        JsonNode page = send(actor, http.get(next.orElse("/api/v2/groups.json?page[size]=" + size)), 200);
        List<GroupId> groups = new ArrayList<>();
        page.get("groups").forEach(g -> groups.add(new GroupId(g.get("id").asLong())));
        boolean more = page.get("meta").get("has_more").asBoolean();
        return new GroupPage(
                groups, more ? Optional.of(page.get("links").get("next").asString()) : Optional.empty());
    }

    /** Every membership of the group, following {@code next_page} to the end. */
    private List<JsonNode> memberships(Actor actor, GroupId group) {
        List<JsonNode> all = new ArrayList<>();
        String url = "/api/v2/groups/" + group.value() + "/memberships.json";
        while (url != null) {
            JsonNode page = send(actor, http.get(url), 200);
            page.get("group_memberships").forEach(all::add);
            url = page.get("next_page").isNull() ? null : page.get("next_page").asString();
        }
        return all;
    }

    private static String groupBody(String name) {
        return "{\"group\": {\"name\": " + Json.quote(name) + "}}";
    }

    private static JsonNode send(Actor actor, Http.Request request, int success) {
        request.host(actor.account().host());
        actor.agent().ifPresent(request::as);
        Response response = request.send();
        if (response.status() == success) {
            return success == 204 ? null : response.json();
        }
        throw new Refused(
                switch (response.status()) {
                    case 401 -> Refusal.UNAUTHENTICATED;
                    case 403 -> Refusal.FORBIDDEN;
                    case 404 -> Refusal.NOT_FOUND;
                    case 422 -> Refusal.INVALID;
                    default -> throw new AssertionError("Zendesk answered " + response);
                },
                response.toString());
    }
}
