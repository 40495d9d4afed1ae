package io.groupdesk.groups;

import io.groupdesk.agents.AgentId;
import java.util.Optional;
import java.util.Set;

/**
 * A partial update of a group: an empty field is left as it is.
 *
 * @param members empty leaves membership alone; a present set, even an empty one, becomes exactly the members
 */
public record GroupChanges(
        Optional<String> name,
        Optional<String> description,
        Optional<Boolean> isPublic,
        Optional<Set<AgentId>> members) {

    public GroupChanges(Optional<String> name, Optional<String> description, Optional<Boolean> isPublic) {
        this(name, description, isPublic, Optional.empty());
    }

    public static GroupChanges none() {
        return new GroupChanges(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static GroupChanges rename(String name) {
        return new GroupChanges(Optional.of(name), Optional.empty(), Optional.empty());
    }
}
