package io.groupdesk.api.zendesk;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentChanges;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.ValidationException;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * An agent as Zendesk's v2 Users API shows it. {@code position}, {@code work_id}, {@code accepts_assignments} and
 * {@code skill_level} are Groupdesk extensions; the photo is the agent's avatar URL.
 */
record ZendeskUserJson(
        long id,
        String url,
        String name,
        String email,
        String role,
        String phone,
        String alias,
        String locale,
        @JsonProperty("time_zone") String timeZone,
        boolean active,
        boolean suspended,
        boolean verified,
        @JsonProperty("default_group_id") Long defaultGroupId,
        Map<String, Object> photo,
        String position,
        @JsonProperty("work_id") String workId,
        @JsonProperty("accepts_assignments") boolean acceptsAssignments,
        @JsonProperty("skill_level") Integer skillLevel,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt) {

    static final String DEFAULT_LOCALE = "en-US";
    static final String DEFAULT_TIME_ZONE = "UTC";

    static ZendeskUserJson of(Agent agent, Optional<GroupId> defaultGroup, String baseUrl) {
        return new ZendeskUserJson(
                agent.id().value(),
                url(baseUrl, agent.id().value()),
                agent.name(),
                agent.email(),
                agent.role().key(),
                agent.phone(),
                agent.alias(),
                agent.locale() == null ? DEFAULT_LOCALE : agent.locale(),
                agent.timeZone() == null ? DEFAULT_TIME_ZONE : agent.timeZone(),
                agent.active(),
                agent.suspended(),
                true,
                defaultGroup.map(GroupId::value).orElse(null),
                agent.avatarUrl() == null ? null : ZendeskJson.object("content_url", agent.avatarUrl()),
                agent.position(),
                agent.workId(),
                agent.acceptsAssignments(),
                agent.skillLevel(),
                ZendeskJson.timestamp(agent.createdAt()),
                ZendeskJson.timestamp(agent.updatedAt()));
    }

    static String url(String baseUrl, long id) {
        return baseUrl + "/api/v2/users/" + id + ".json";
    }

    /** Reads {@code {"user": {...}}} for a create; a missing role makes an agent, an end-user is refused. */
    static NewAgent newAgent(JsonNode body) {
        JsonNode user = wrapped(body);
        return new NewAgent(
                ZendeskFields.text(user, "name").orElse(null),
                ZendeskFields.text(user, "email").orElse(null),
                role(user),
                changes(user, false));
    }

    /** Reads {@code {"user": {...}}} for a partial update. */
    static AgentChanges changes(JsonNode body) {
        return changes(wrapped(body), true);
    }

    private static AgentChanges changes(JsonNode user, boolean withIdentity) {
        AgentChanges.Builder changes = AgentChanges.builder();
        if (withIdentity) {
            if (user.has("name")) {
                changes.name(ZendeskFields.text(user, "name").orElse(""));
            }
            if (user.has("email")) {
                changes.email(ZendeskFields.text(user, "email").orElse(""));
            }
            role(user).ifPresent(changes::role);
        }
        ZendeskFields.text(user, "phone").ifPresent(changes::phone);
        ZendeskFields.text(user, "alias").ifPresent(changes::alias);
        ZendeskFields.text(user, "locale").ifPresent(changes::locale);
        ZendeskFields.text(user, "time_zone").ifPresent(changes::timeZone);
        ZendeskFields.text(user, "position").ifPresent(changes::position);
        ZendeskFields.text(user, "work_id").ifPresent(changes::workId);
        ZendeskFields.text(user, "password").ifPresent(changes::password);
        photoUrl(user).ifPresent(changes::avatarUrl);
        ZendeskFields.bool(user, "suspended").ifPresent(changes::suspended);
        ZendeskFields.bool(user, "accepts_assignments").ifPresent(changes::acceptsAssignments);
        ZendeskFields.integer(user, "skill_level").ifPresent(level -> changes.skillLevel(Math.toIntExact(level)));
        ZendeskFields.id(user, "default_group_id").ifPresent(group -> changes.defaultGroup(new GroupId(group)));
        return changes.build();
    }

    private static Optional<String> photoUrl(JsonNode user) {
        Optional<String> avatar = ZendeskFields.text(user, "avatar_url");
        if (avatar.isPresent()) {
            return avatar;
        }
        JsonNode photo = user.get("photo");
        if (photo != null && photo.isObject()) {
            return ZendeskFields.text(photo, "content_url");
        }
        return photo != null && photo.isNull() ? Optional.of("") : Optional.empty();
    }

    private static Optional<Role> role(JsonNode user) {
        Optional<String> role = ZendeskFields.text(user, "role").filter(r -> !r.isBlank());
        if (role.isEmpty()) {
            return Optional.empty();
        }
        Optional<Role> known = Role.fromKey(role.get().strip().toLowerCase(java.util.Locale.ROOT));
        if (known.isEmpty()) {
            throw ValidationException.of(
                    "role",
                    Rule.INVALID,
                    role.get().strip().equalsIgnoreCase("end-user")
                            ? "end-user is not supported: Groupdesk keeps agents and admins only"
                            : "must be agent or admin");
        }
        return known;
    }

    private static JsonNode wrapped(JsonNode body) {
        JsonNode user = body.get("user");
        if (user == null || !user.isObject()) {
            throw ValidationException.of(
                    "base", Rule.BLANK, "The request body must wrap the user's fields: {\"user\": {...}}");
        }
        return user;
    }
}
