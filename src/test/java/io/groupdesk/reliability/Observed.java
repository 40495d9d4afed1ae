package io.groupdesk.reliability;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Every group (deleted ones too) and every membership, as one node answers them over the v2 API. */
record Observed(Map<Long, Group> groups, Map<Long, List<Member>> membersByAgent) {
    record Group(long id, String name, boolean deleted, boolean isDefault) {}

    record Member(long id, long agentId, long groupId, boolean isDefault) {}

    static Observed read(ZendeskClient client) throws IOException {
        Map<Long, Group> groups = new HashMap<>();
        for (JsonNode group : client.all("/api/v2/groups.json?exclude_deleted=false", "groups")) {
            long id = group.get("id").asLong();
            groups.put(
                    id,
                    new Group(
                            id,
                            group.get("name").asString(),
                            group.path("deleted").asBoolean(false),
                            group.path("default").asBoolean(false)));
        }
        Map<Long, List<Member>> members = new HashMap<>();
        for (JsonNode membership : client.all("/api/v2/group_memberships.json", "group_memberships")) {
            Member member = new Member(
                    membership.get("id").asLong(),
                    membership.get("user_id").asLong(),
                    membership.get("group_id").asLong(),
                    membership.path("default").asBoolean(false));
            members.computeIfAbsent(member.agentId(), agent -> new ArrayList<>())
                    .add(member);
        }
        return new Observed(groups, members);
    }

    List<Member> of(long agent) {
        return membersByAgent.getOrDefault(agent, List.of());
    }

    int membershipCount() {
        return membersByAgent.values().stream().mapToInt(List::size).sum();
    }
}
