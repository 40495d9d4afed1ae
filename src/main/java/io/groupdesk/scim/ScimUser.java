package io.groupdesk.scim;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import java.time.Instant;
import java.util.List;

/**
 * An agent as SCIM shows it: the agent's own fields and the SCIM-only ones kept beside it.
 *
 * @param userName the user name the identity provider gave, or the email when it gave none other
 * @param groups the live groups the agent is in, in id order
 */
public record ScimUser(
        AgentId id,
        Role role,
        String userName,
        String email,
        String name,
        String externalId,
        String givenName,
        String familyName,
        String phone,
        String locale,
        String timeZone,
        String title,
        String employeeNumber,
        String department,
        boolean active,
        Instant created,
        Instant lastModified,
        List<GroupRef> groups) {

    /** A group a user is in. */
    public record GroupRef(GroupId id, String name) {}

    ScimUser withGroups(List<GroupRef> groups) {
        return new ScimUser(
                id,
                role,
                userName,
                email,
                name,
                externalId,
                givenName,
                familyName,
                phone,
                locale,
                timeZone,
                title,
                employeeNumber,
                department,
                active,
                created,
                lastModified,
                List.copyOf(groups));
    }
}
