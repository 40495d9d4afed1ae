package io.groupdesk.api.udesk;

import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentChanges;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Ids;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.ValidationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Udesk's shapes for groups and agents (seed 001, reference §1.7). Agent fields map to Groupdesk's agent:
 * {@code nick_name} name, {@code aliase} alias, {@code cellphone} phone, {@code duty} position, {@code work_id},
 * {@code avatar}, {@code lang} locale, {@code im_ability_value} skill level, {@code availability} accepts
 * assignments, {@code disable_status} suspended, {@code role_name} role, {@code user_group_ids} memberships. Fields
 * Groupdesk does not keep ({@code profile}, {@code im_welcomes}, {@code agent_roles}, {@code departments}, SIP
 * {@code number}/{@code password}, {@code agent_callout_display_number}) are answered empty.
 */
final class UdeskJson {
    private UdeskJson() {}

    /**
     * Writes groups as Udesk's user group summaries ({@code id}, {@code name}, {@code agents}) as their rosters
     * arrive: the members must come group by group in the order of the groups given, as {@link
     * MembershipService#members} passes them. The first page of a large account lists some 13,000 agents, so no
     * roster is held whole. {@link #finish} writes the groups after the last member.
     */
    static final class RosterWriter implements Consumer<MembershipService.Member> {
        private final JsonGenerator out;
        private final Iterator<Group> groups;
        private Group open;

        RosterWriter(JsonGenerator out, List<Group> groups) {
            this.out = out;
            this.groups = groups.iterator();
        }

        @Override
        public void accept(MembershipService.Member member) {
            while (open == null || !open.id().equals(member.group())) {
                if (!groups.hasNext()) {
                    throw new IllegalStateException("a member of group "
                            + member.group().value() + " came after its group, or its group is not being written");
                }
                closeOpen();
                openNext();
            }
            out.writeStartObject();
            out.writeNumberProperty("id", member.agent().value());
            out.writeStringProperty("nick_name", member.name());
            out.writeEndObject();
        }

        /** Closes the last group and writes the groups after it, which have no active agents. */
        void finish() {
            closeOpen();
            while (groups.hasNext()) {
                openNext();
                closeOpen();
            }
        }

        private void openNext() {
            open = groups.next();
            out.writeStartObject();
            out.writeNumberProperty("id", open.id().value());
            out.writeStringProperty("name", open.name());
            out.writeArrayPropertyStart("agents");
        }

        private void closeOpen() {
            if (open != null) {
                out.writeEndArray();
                out.writeEndObject();
                open = null;
            }
        }
    }

    static Map<String, Object> agent(Agent agent, List<Group> groups) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", agent.id().value());
        json.put("email", agent.email());
        json.put("nick_name", agent.name());
        json.put("cellphone", agent.phone());
        json.put("work_id", agent.workId());
        json.put("im_ability_value", agent.skillLevel());
        json.put("profile", "all");
        json.put("aliase", agent.alias());
        json.put("role_name", agent.role() == Role.ADMIN ? "admin" : "agent");
        json.put("duty", agent.position());
        json.put("user_group_ids", groups.stream().map(g -> g.id().value()).toList());
        json.put("disable_status", agent.suspended() ? "disable" : "enable");
        json.put("avatar", agent.avatarUrl());
        json.put("lang", agent.locale() == null ? "en-us" : agent.locale());
        json.put("availability", agent.acceptsAssignments());
        json.put("im_welcomes", "");
        json.put(
                "user_groups",
                groups.stream()
                        .map(g -> {
                            Map<String, Object> summary = new LinkedHashMap<>();
                            summary.put("id", g.id().value());
                            summary.put("name", g.name());
                            return summary;
                        })
                        .toList());
        json.put("agent_roles", List.of());
        json.put("departments", List.of());
        json.put("agent_callout_display_number", "");
        json.put("number", "");
        json.put("password", "");
        return json;
    }

    static Map<String, Object> meta(Slice<?> slice, int page, int perPage) {
        long total = slice.total().orElse(slice.items().size());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("current_page", page);
        meta.put("total_pages", total == 0 ? 0 : (total + perPage - 1) / perPage);
        meta.put("total_count", total);
        return meta;
    }

    /** The {@code name} of a user group request body. */
    static String groupName(JsonNode body) {
        JsonNode name = body.get("name");
        if (name == null
                && body.get("user_group") != null
                && body.get("user_group").isObject()) {
            name = body.get("user_group").get("name");
        }
        if (name == null || name.isNull()) {
            return "";
        }
        if (!name.isString() && !name.isNumber()) {
            throw ValidationException.of("name", Rule.INVALID, "must be a string");
        }
        return name.asString();
    }

    /** An agent request's fields, read from {@code {"agent": {...}}}. */
    record AgentRequest(Optional<String> email, Optional<String> nickName, AgentChanges changes) {}

    static AgentRequest agentRequest(JsonNode body) {
        JsonNode agent = body.get("agent");
        if (agent == null || !agent.isObject()) {
            throw ValidationException.of("base", Rule.BLANK, "param is missing or the value is empty: agent");
        }
        AgentChanges.Builder changes = AgentChanges.builder();
        Optional<String> email = text(agent, "email");
        Optional<String> nickName = text(agent, "nick_name");
        email.ifPresent(changes::email);
        nickName.ifPresent(changes::name);
        text(agent, "password").ifPresent(changes::password);
        text(agent, "aliase").ifPresent(changes::alias);
        text(agent, "cellphone").ifPresent(changes::phone);
        text(agent, "duty").ifPresent(changes::position);
        text(agent, "work_id").ifPresent(changes::workId);
        text(agent, "avatar").ifPresent(changes::avatarUrl);
        text(agent, "lang").ifPresent(changes::locale);
        text(agent, "role_name").ifPresent(role -> changes.role(role(role)));
        JsonNode ability = agent.get("im_ability_value");
        if (ability != null && !ability.isNull()) {
            if (!ability.isIntegralNumber()
                    && !(ability.isString() && ability.asString().matches("\\d{1,9}"))) {
                throw ValidationException.of("im_ability_value", Rule.INVALID, "must be a whole number");
            }
            changes.skillLevel(Integer.parseInt(ability.asString()));
        }
        JsonNode availability = agent.get("availability");
        if (availability != null && !availability.isNull()) {
            changes.acceptsAssignments(bool(availability, "availability"));
        }
        text(agent, "disable_status").ifPresent(status -> {
            switch (status.toLowerCase(Locale.ROOT)) {
                case "enable" -> changes.suspended(false);
                case "disable" -> changes.suspended(true);
                default -> throw ValidationException.of("disable_status", Rule.INVALID, "must be enable or disable");
            }
        });
        groupIds(agent).ifPresent(changes::groups);
        return new AgentRequest(email, nickName, changes.build());
    }

    private static Optional<Set<GroupId>> groupIds(JsonNode agent) {
        JsonNode ids = agent.get("user_group_ids");
        if (ids == null) {
            return Optional.empty();
        }
        Set<GroupId> groups = new LinkedHashSet<>();
        if (ids.isNull()) {
            return Optional.of(groups);
        }
        if (!ids.isArray()) {
            throw ValidationException.of("user_group_ids", Rule.INVALID, "must be a list of group ids");
        }
        for (JsonNode id : ids) {
            long value = id.isIntegralNumber() && id.canConvertToLong()
                    ? id.asLong()
                    : id.isString() ? Ids.parse(id.asString()).orElse(0) : 0;
            if (value <= 0) {
                throw ValidationException.of("user_group_ids", Rule.INVALID, "must be a list of group ids");
            }
            groups.add(new GroupId(value));
        }
        return Optional.of(groups);
    }

    private static Optional<String> text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNull()) {
            return Optional.of("");
        }
        if (value.isString() || value.isNumber() || value.isBoolean()) {
            return Optional.of(value.asString());
        }
        throw ValidationException.of(field, Rule.INVALID, "must be a string");
    }

    private static boolean bool(JsonNode value, String field) {
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isString() && List.of("true", "false").contains(value.asString())) {
            return Boolean.parseBoolean(value.asString());
        }
        throw ValidationException.of(field, Rule.INVALID, "must be true or false");
    }

    private static Role role(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "admin" -> Role.ADMIN;
            case "agent", "" -> Role.AGENT;
            default -> throw ValidationException.of("role_name", Rule.INVALID, "must be admin or agent");
        };
    }
}
