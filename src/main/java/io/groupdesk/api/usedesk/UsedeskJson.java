package io.groupdesk.api.usedesk;

import io.groupdesk.accounts.Account;
import io.groupdesk.agents.Agent;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.Role;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups and agents in seed 000's shape. Ids and flags (the online statuses too) are strings, as Usedesk documents
 * them, unless the account setting {@code usedesk.numeric_values} is {@code true}, for typed clients that expect
 * numbers. The {@code user_id} a write answers is a number either way, as Usedesk documents it.
 */
final class UsedeskJson {
    static final String NUMERIC_SETTING = "usedesk.numeric_values";
    private static final String ZERO_DATE = "0000-00-00 00:00:00";
    private static final DateTimeFormatter MYSQL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final boolean numeric;

    UsedeskJson(boolean numeric) {
        this.numeric = numeric;
    }

    Map<String, Object> group(Group group, Account account, List<Membership> memberships, Map<Long, Agent> agents) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", number(group.id().value()));
        json.put("name", group.name());
        json.put("company_id", number(account.id().value()));
        json.put("deleted", flag(group.deleted()));
        json.put("deleted_at", group.deletedAt() == null ? ZERO_DATE : MYSQL_TIME.format(group.deletedAt()));
        json.put("custom_working_time", flag(!group.workingHours().isEmpty()));
        json.put("timezone", group.timeZone() != null ? group.timeZone() : account.timeZone());
        json.put(
                "users",
                memberships.stream()
                        .filter(m -> agents.containsKey(m.agentId().value()))
                        .map(m -> member(agents.get(m.agentId().value()), m))
                        .toList());
        return json;
    }

    private Map<String, Object> member(Agent agent, Membership membership) {
        Map<String, Object> json = person(agent);
        json.put("pivot", pivot(membership));
        return json;
    }

    Map<String, Object> user(Agent agent, List<Membership> memberships, Map<Long, Group> groups, Account account) {
        Map<String, Object> json = person(agent);
        // Usedesk's user documentation: both statuses are flags, "1" online and "0" offline, like every other flag
        json.put("chat_online_status", flag(agent.acceptsAssignments()));
        json.put("online_status", flag(agent.acceptsAssignments()));
        json.put(
                "groups",
                memberships.stream()
                        .filter(m -> groups.containsKey(m.groupId().value()))
                        .map(m -> {
                            Group group = groups.get(m.groupId().value());
                            Map<String, Object> g = new LinkedHashMap<>();
                            g.put("id", number(group.id().value()));
                            g.put("name", group.name());
                            g.put("company_id", number(account.id().value()));
                            g.put("deleted", flag(group.deleted()));
                            g.put(
                                    "deleted_at",
                                    group.deletedAt() == null ? ZERO_DATE : MYSQL_TIME.format(group.deletedAt()));
                            g.put("pivot", pivot(m));
                            return g;
                        })
                        .toList());
        return json;
    }

    private Map<String, Object> person(Agent agent) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", number(agent.id().value()));
        json.put("name", agent.name());
        json.put("email", agent.email());
        json.put("position", agent.position() == null ? "" : agent.position());
        json.put("role", role(agent.role()));
        json.put("phone", agent.phone());
        return json;
    }

    private Map<String, Object> pivot(Membership membership) {
        Map<String, Object> pivot = new LinkedHashMap<>();
        pivot.put("user_group_id", number(membership.groupId().value()));
        pivot.put("user_id", number(membership.agentId().value()));
        return pivot;
    }

    /** Usedesk's user documentation answers writes with a number, {@code {"status":"success","user_id":2154861}}. */
    Map<String, Object> success(long userId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", "success");
        json.put("user_id", userId);
        return json;
    }

    /** Usedesk's role names: {@code admin} and {@code employee}. */
    static String role(Role role) {
        return role == Role.ADMIN ? "admin" : "employee";
    }

    static String resourceName(String coreResource) {
        return switch (coreResource) {
            case "agent" -> "user";
            case "group" -> "group";
            default -> coreResource;
        };
    }

    private Object number(long value) {
        return numeric ? (Object) value : Long.toString(value);
    }

    private Object flag(boolean value) {
        return numeric ? (Object) (value ? 1 : 0) : (value ? "1" : "0");
    }
}
