package io.groupdesk.api.zendeskxml;

import io.groupdesk.agents.Agent;
import io.groupdesk.agents.Role;
import io.groupdesk.groups.Group;
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
    private static final DateTimeFormatter JSON_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private ZendeskGroupXml() {}

    static String group(Group group, List<Agent> members) {
        RailsXml xml = new RailsXml();
        writeGroup(xml, group, members);
        return xml.toString();
    }

    static String groups(List<Group> groups, long count) {
        RailsXml xml = new RailsXml().open("groups", "type", "array", "count", Long.toString(count));
        groups.forEach(group -> writeGroup(xml, group, null));
        return xml.close("groups").toString();
    }

    static String users(List<Agent> agents, long count) {
        RailsXml xml = new RailsXml().open("users", "type", "array", "count", Long.toString(count));
        agents.forEach(agent -> writeUser(xml, agent));
        return xml.close("users").toString();
    }

    private static void writeGroup(RailsXml xml, Group group, List<Agent> members) {
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
            members.forEach(agent -> writeUser(xml, agent));
            xml.close("users");
        }
        xml.close("group");
    }

    private static void writeUser(RailsXml xml, Agent agent) {
        xml.open("user")
                .datetime("created-at", agent.createdAt())
                .text("email", agent.email())
                .integer("id", agent.id().value())
                .bool("is-active", agent.active() && !agent.suspended())
                .bool("is-verified", true)
                .text("name", agent.name())
                .integer("roles", (long) roleNumber(agent.role()))
                .text("time-zone", agent.timeZone())
                .datetime("updated-at", agent.updatedAt())
                .close("user");
    }

    static Map<String, Object> groupJson(Group group, List<Agent> members) {
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
            json.put("users", members.stream().map(ZendeskGroupXml::userJson).toList());
        }
        return Map.of("group", json);
    }

    static Map<String, Object> userJson(Agent agent) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("created_at", time(agent.createdAt()));
        json.put("email", agent.email());
        json.put("id", agent.id().value());
        json.put("is_active", agent.active() && !agent.suspended());
        json.put("is_verified", true);
        json.put("name", agent.name());
        json.put("roles", roleNumber(agent.role()));
        json.put("time_zone", agent.timeZone());
        json.put("updated_at", time(agent.updatedAt()));
        return Map.of("user", json);
    }

    private static int roleNumber(Role role) {
        return role == Role.ADMIN ? ADMIN_ROLE : AGENT_ROLE;
    }

    private static String time(Instant instant) {
        return instant == null ? null : JSON_TIME.format(instant);
    }
}
