package io.groupdesk.api.zendesk;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupChanges;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.ValidationException;
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
        @JsonProperty("updated_at") String updatedAt) {

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
                ZendeskJson.timestamp(group.updatedAt()));
    }

    static String url(String baseUrl, long id) {
        return baseUrl + "/api/v2/groups/" + id + ".json";
    }

    /** Reads {@code {"group": {...}}} for a create; unknown and read-only keys are ignored. */
    static NewGroup newGroup(JsonNode body) {
        JsonNode group = wrapped(body);
        return new NewGroup(
                text(group, "name").orElse(null), text(group, "description"), bool(group, "is_public", "public"));
    }

    /** Reads {@code {"group": {...}}} for a partial update: absent keys stay as they are. */
    static GroupChanges changes(JsonNode body) {
        JsonNode group = wrapped(body);
        Optional<String> name =
                group.has("name") ? Optional.of(text(group, "name").orElse("")) : Optional.empty();
        return new GroupChanges(name, text(group, "description"), bool(group, "is_public", "public"));
    }

    private static JsonNode wrapped(JsonNode body) {
        JsonNode group = body.get("group");
        if (group == null || !group.isObject()) {
            throw ValidationException.of(
                    "base", Rule.BLANK, "The request body must wrap the group's fields: {\"group\": {...}}");
        }
        return group;
    }

    /** A string field; JSON null reads as empty text, a number or boolean as its text. */
    private static Optional<String> text(JsonNode group, String field) {
        JsonNode value = group.get(field);
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

    private static Optional<Boolean> bool(JsonNode group, String field, String coreField) {
        JsonNode value = group.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return Optional.of(value.asBoolean());
        }
        if (value.isString()
                && (value.asString().equals("true") || value.asString().equals("false"))) {
            return Optional.of(Boolean.parseBoolean(value.asString()));
        }
        throw ValidationException.of(coreField, Rule.INVALID, "must be true or false");
    }
}
