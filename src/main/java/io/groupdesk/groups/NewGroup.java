package io.groupdesk.groups;

import io.groupdesk.agents.AgentId;
import java.util.Optional;
import java.util.Set;

/**
 * A command to create a group.
 *
 * @param description empty means none
 * @param isPublic empty means public
 * @param members the agents to put in the group, or empty for none
 */
public record NewGroup(
        String name, Optional<String> description, Optional<Boolean> isPublic, Optional<Set<AgentId>> members) {

    public NewGroup(String name, Optional<String> description, Optional<Boolean> isPublic) {
        this(name, description, isPublic, Optional.empty());
    }

    public static NewGroup named(String name) {
        return new NewGroup(name, Optional.empty(), Optional.empty());
    }
}
