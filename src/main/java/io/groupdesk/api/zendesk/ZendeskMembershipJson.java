package io.groupdesk.api.zendesk;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A group membership as Zendesk's v2 API shows it (reference §2.2). */
record ZendeskMembershipJson(
        String url,
        long id,
        @JsonProperty("user_id") long userId,
        @JsonProperty("group_id") long groupId,
        @JsonProperty("default") boolean isDefault,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt) {

    static ZendeskMembershipJson of(Membership membership, String baseUrl) {
        return new ZendeskMembershipJson(
                url(baseUrl, membership.id().value()),
                membership.id().value(),
                membership.agentId().value(),
                membership.groupId().value(),
                membership.isDefault(),
                ZendeskJson.timestamp(membership.createdAt()),
                ZendeskJson.timestamp(membership.updatedAt()));
    }

    static String url(String baseUrl, long id) {
        return baseUrl + "/api/v2/group_memberships/" + id + ".json";
    }

    /**
     * Reads {@code {"group_membership": {"user_id": …, "group_id": …}}}.
     *
     * @param pathUser the user named by the path of a user-scoped create, which wins over the body's
     */
    static NewMembership newMembership(JsonNode body, Optional<AgentId> pathUser) {
        JsonNode membership = body.get("group_membership");
        if (membership == null || !membership.isObject()) {
            throw ValidationException.of(
                    "base",
                    Rule.BLANK,
                    "The request body must wrap the membership's fields: {\"group_membership\": {...}}");
        }
        List<FieldViolation> violations = new ArrayList<>();
        Optional<Long> user = pathUser.map(AgentId::value).or(() -> ZendeskFields.id(membership, "user_id"));
        Optional<Long> group = ZendeskFields.id(membership, "group_id");
        if (user.isEmpty()) {
            violations.add(FieldViolation.of("agent", Rule.BLANK, "cannot be blank"));
        }
        if (group.isEmpty()) {
            violations.add(FieldViolation.of("group", Rule.BLANK, "cannot be blank"));
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        return new NewMembership(new AgentId(user.get()), new GroupId(group.get()));
    }
}
