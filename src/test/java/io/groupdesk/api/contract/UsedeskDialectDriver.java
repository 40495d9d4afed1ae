package io.groupdesk.api.contract;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Usedesk: every call a {@code POST} with {@code api_token} in a form body, as the vendor's own PHP examples send it;
 * groups only listed ({@code /groups}, all at once, each with its users), and no call that adds or removes one
 * membership (reference/udesk_usedesk.md §2.2-§2.4).
 */
final class UsedeskDialectDriver implements GroupsDialectDriver {
    private final Http http;

    UsedeskDialectDriver(Http http) {
        this.http = http;
    }

    @Override
    public String name() {
        return "Usedesk";
    }

    @Override
    public Optional<String> showsDeletedGroups() {
        return Optional.of("Usedesk lists deleted groups with deleted = 1 (reference/udesk_usedesk.md §2.3)");
    }

    @Override
    public Optional<String> lacks(Operation operation) {
        return switch (operation) {
            case CREATE_GROUP, RENAME_GROUP, DELETE_GROUP -> Optional.of(
                    "Usedesk documents no group create, update or delete; groups are only listed (§2.3, §2.4)");
            case ADD_MEMBER, REMOVE_MEMBER -> Optional.of(
                    "Usedesk has no call to add an agent to a group or take one out: /update/user's group"
                            + " makes a group the agent's default, another operation of the core (§2.4)");
            case LIST_GROUPS_IN_PAGES -> Optional.of("Usedesk POST /groups takes no paging parameters (§2.3)");
            case MEMBERS -> Optional.empty();
        };
    }

    @Override
    public GroupId createGroup(Actor actor, String name) {
        throw lacking(Operation.CREATE_GROUP);
    }

    @Override
    public void renameGroup(Actor actor, GroupId group, String name) {
        throw lacking(Operation.RENAME_GROUP);
    }

    @Override
    public void deleteGroup(Actor actor, GroupId group) {
        throw lacking(Operation.DELETE_GROUP);
    }

    @Override
    public void addMember(Actor actor, GroupId group, AgentId agent) {
        throw lacking(Operation.ADD_MEMBER);
    }

    @Override
    public void removeMember(Actor actor, GroupId group, AgentId agent) {
        throw lacking(Operation.REMOVE_MEMBER);
    }

    @Override
    public Set<AgentId> members(Actor actor, GroupId group) {
        JsonNode groups = send(actor, "/groups");
        for (JsonNode shown : groups) {
            if (shown.get("id").asLong() == group.value()) {
                Set<AgentId> members = new HashSet<>();
                shown.get("users")
                        .forEach(user -> members.add(new AgentId(user.get("id").asLong())));
                return members;
            }
        }
        throw new Refused(Refusal.NOT_FOUND, "POST /groups does not list group " + group.value());
    }

    @Override
    public int pageSize(int wanted) {
        throw lacking(Operation.LIST_GROUPS_IN_PAGES);
    }

    @Override
    public GroupPage listGroups(Actor actor, int size, Optional<String> next) {
        throw lacking(Operation.LIST_GROUPS_IN_PAGES);
    }

    private UnsupportedOperationException lacking(Operation operation) {
        return new UnsupportedOperationException(lacks(operation).orElseThrow());
    }

    private JsonNode send(Actor actor, String path, String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        actor.agent().ifPresent(agent -> form.put("api_token", agent.token()));
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        Response response = http.post(path)
                .host(actor.account().host())
                .body("application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8))
                .send();
        if (response.status() == 200) {
            return response.json();
        }
        throw new Refused(
                switch (response.status()) {
                    case 401 -> Refusal.UNAUTHENTICATED;
                    case 403 -> Refusal.FORBIDDEN;
                    case 404 -> Refusal.NOT_FOUND;
                    case 400 -> Refusal.INVALID;
                    default -> throw new AssertionError("Usedesk answered " + response);
                },
                response.toString());
    }
}
