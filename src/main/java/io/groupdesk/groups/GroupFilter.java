package io.groupdesk.groups;

import io.groupdesk.agents.AgentId;
import java.util.Optional;

/**
 * Which of an account's groups a list or count covers.
 *
 * @param includeDeleted whether soft-deleted groups are included
 * @param privateVisibleTo when present, private groups are included only if this agent is a member
 * @param memberOf when present, only groups this agent is a member of
 */
public record GroupFilter(boolean includeDeleted, Optional<AgentId> privateVisibleTo, Optional<AgentId> memberOf) {}
