package io.groupdesk.scim;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A live group as SCIM shows it.
 *
 * @param members the active members in membership order, or empty when they were not asked for
 */
public record ScimGroup(
        GroupId id,
        String displayName,
        String externalId,
        Instant created,
        Instant lastModified,
        Optional<List<Member>> members) {

    /** An agent in a group. */
    public record Member(AgentId id, String name) {}

    ScimGroup withMembers(List<Member> list) {
        return new ScimGroup(id, displayName, externalId, created, lastModified, Optional.of(List.copyOf(list)));
    }
}
