package io.groupdesk.groups;

import io.groupdesk.shared.AgentId;
import java.util.Optional;

/**
 * Which of an account's groups a list or count covers.
 *
 * @param includeDeleted whether soft-deleted groups are included
 * @param privateVisibleTo when present, private groups are included only if this agent is a member
 * @param memberOf when present, only groups this agent is a member of
 * @param nameContains when present, only groups whose name contains this text, ignoring case
 */
public record GroupFilter(
        boolean includeDeleted,
        Optional<AgentId> privateVisibleTo,
        Optional<AgentId> memberOf,
        Optional<String> nameContains) {

    public GroupFilter(boolean includeDeleted, Optional<AgentId> privateVisibleTo, Optional<AgentId> memberOf) {
        this(includeDeleted, privateVisibleTo, memberOf, Optional.empty());
    }
}
