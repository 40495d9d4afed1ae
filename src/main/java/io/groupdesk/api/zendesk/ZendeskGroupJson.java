package io.groupdesk.api.zendesk;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupChanges;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.ValidationException;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A group as Zendesk's v2 API shows it (reference §1.2). */
record ZendeskGroupJson(
        String url,
        long id,
        @JsonProperty("is_public") boolean isPublic,
        String name,
        String description,
        @JsonProperty("default") boolean isDefault,
        boolean deleted,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("time_zone") String timeZone,
        @JsonProperty("working_hours") Map<String, Object> workingHours) {

    static ZendeskGroupJson of(Group group, String baseUrl) {
        return new ZendeskGroupJson(
                url(baseUrl, group.id().value()),
                group.id().value(),
                group.isPublic(),
                group.name(),
                group.description(),
                group.isDefault(),
                group.deleted(),
                ZendeskJson.timestamp(group.createdAt()),
                ZendeskJson.timestamp(group.updatedAt()),
                group.timeZone(),
                ZendeskWorkingHours.json(group.workingHours()));
    }

    static String url(String baseUrl, long id) {
        return baseUrl + "/api/v2/groups/" + id + ".json";
    }

    /** Reads {@code {"group": {...}}} for a create; unknown and read-only keys are ignored. */
    static NewGroup newGroup(JsonNode body) {
        JsonNode group = wrapped(body);
        return new NewGroup(
                ZendeskFields.text(group, "name").orElse(null),
                ZendeskFields.text(group, "description"),
                bool(group),
                Optional.empty(),
                ZendeskFields.text(group, "time_zone"),
                ZendeskWorkingHours.read(group, "working_hours"));
    }

    /** Reads {@code {"group": {...}}} for a partial update: absent keys stay as they are. */
    static GroupChanges changes(JsonNode body) {
        JsonNode group = wrapped(body);
        Optional<String> name = group.has("name")
                ? Optional.of(ZendeskFields.text(group, "name").orElse(""))
                : Optional.empty();
        return new GroupChanges(
                name,
                ZendeskFields.text(group, "description"),
                bool(group),
                Optional.empty(),
                ZendeskFields.text(group, "time_zone"),
                ZendeskWorkingHours.read(group, "working_hours"));
    }

    private static JsonNode wrapped(JsonNode body) {
        JsonNode group = body.get("group");
        if (group == null || !group.isObject()) {
            throw ValidationException.of(
                    "base", Rule.BLANK, "The request body must wrap the group's fields: {\"group\": {...}}");
        }
        return group;
    }

    /** {@code is_public}, reported as the core's {@code public} field when it is not a boolean. */
    private static Optional<Boolean> bool(JsonNode group) {
        try {
            return ZendeskFields.bool(group, "is_public");
        } catch (ValidationException e) {
            throw ValidationException.of("public", Rule.INVALID, "must be true or false");
        }
    }
}
