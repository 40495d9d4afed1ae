package io.groupdesk.api.zendeskxml;

import io.groupdesk.agents.Agent;
import io.groupdesk.groups.Group;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups and their agents as the classic API shows them: typed Rails XML (reference §5), or the same fields as
 * JSON on {@code .json} paths. {@code is-active} is false for a deleted group.
 */
final class ZendeskGroupXml {
    /** Classic role numbers: 2 administrator, 4 agent. */
    private static final int ADMIN_ROLE = 2;

    private static final int AGENT_ROLE = 4;
    /** Seed 002's {@code <time-format>0</time-format>}: Groupdesk keeps no clock preference, so every agent shows it. */
    private static final long TIME_FORMAT = 0;
    /** What the v2 API shows for an agent without a time zone of its own. */
    private static final String DEFAULT_TIME_ZONE = "UTC";

    private static final DateTimeFormatter JSON_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private ZendeskGroupXml() {}

    static String group(Group group, List<Agent> members, Map<AgentId, GroupId> defaults) {
        RailsXml xml = new RailsXml();
        writeGroup(xml, group, members, defaults);
        return xml.toString();
    }

    static String groups(List<Group> groups, long count) {
        RailsXml xml = new RailsXml().open("groups", "type", "array", "count", Long.toString(count));
        groups.forEach(group -> writeGroup(xml, group, null, Map.of()));
        return xml.close("groups").toString();
    }

    static String users(List<Agent> agents, Map<AgentId, GroupId> defaults, long count) {
        RailsXml xml = new RailsXml().open("users", "type", "array", "count", Long.toString(count));
        agents.forEach(agent -> writeUser(xml, agent, defaults.get(agent.id())));
        return xml.close("users").toString();
    }

    private static void writeGroup(RailsXml xml, Group group, List<Agent> members, Map<AgentId, GroupId> defaults) {
        xml.open("group")
                .datetime("created-at", group.createdAt())
                .text("description", group.description())
                .integer("id", group.id().value())
                .bool("is-active", !group.deleted())
                .bool("is-default", group.isDefault())
                .bool("is-public", group.isPublic())
                .text("name", group.name())
                .datetime("updated-at", group.updatedAt());
        if (members != null) {
            xml.open("users", "type", "array");
            members.forEach(agent -> writeUser(xml, agent, defaults.get(agent.id())));
            xml.close("users");
        }
        xml.close("group");
    }

    /** Seed 002's user element, element for element; {@code group-id} is the agent's default group. */
    private static void writeUser(RailsXml xml, Agent agent, GroupId defaultGroup) {
        xml.open("user")
                .datetime("created-at", agent.createdAt())
                .text("email", agent.email())
                .integer("group-id", defaultGroup == null ? null : defaultGroup.value())
                .integer("id", agent.id().value())
                .bool("is-active", agent.active() && !agent.suspended())
                .bool("is-verified", true)
                .text("name", agent.name())
                .integer("roles", (long) roleNumber(agent.role()))
                .integer("time-format", TIME_FORMAT)
                .text("time-zone", timeZone(agent))
                .datetime("updated-at", agent.updatedAt())
                .close("user");
    }

    static Map<String, Object> groupJson(Group group, List<Agent> members, Map<AgentId, GroupId> defaults) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("created_at", time(group.createdAt()));
        json.put("description", group.description());
        json.put("id", group.id().value());
        json.put("is_active", !group.deleted());
        json.put("is_default", group.isDefault());
        json.put("is_public", group.isPublic());
        json.put("name", group.name());
        json.put("updated_at", time(group.updatedAt()));
        if (members != null) {
            json.put(
                    "users",
                    members.stream()
                            .map(agent -> userJson(agent, defaults.get(agent.id())))
                            .toList());
        }
        return Map.of("group", json);
    }

    static Map<String, Object> userJson(Agent agent, GroupId defaultGroup) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("created_at", time(agent.createdAt()));
        json.put("email", agent.email());
        json.put("group_id", defaultGroup == null ? null : defaultGroup.value());
        json.put("id", agent.id().value());
        json.put("is_active", agent.active() && !agent.suspended());
        json.put("is_verified", true);
        json.put("name", agent.name());
        json.put("roles", roleNumber(agent.role()));
        json.put("time_format", TIME_FORMAT);
        json.put("time_zone", timeZone(agent));
        json.put("updated_at", time(agent.updatedAt()));
        return Map.of("user", json);
    }

    /** The agent's zone by its Rails name, as seed 002 shows it; UTC when the agent has none, as the v2 API shows. */
    private static String timeZone(Agent agent) {
        return RailsTimeZones.name(agent.timeZone() == null ? DEFAULT_TIME_ZONE : agent.timeZone());
    }

    private static int roleNumber(Role role) {
        return role == Role.ADMIN ? ADMIN_ROLE : AGENT_ROLE;
    }

    private static String time(Instant instant) {
        return instant == null ? null : JSON_TIME.format(instant);
    }
}
