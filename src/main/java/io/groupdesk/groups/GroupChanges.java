package io.groupdesk.groups;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.WeeklyHours;
import java.util.Optional;
import java.util.Set;

/**
 * A partial update of a group: an empty field is left as it is.
 *
 * @param members empty leaves membership alone; a present set, even an empty one, becomes exactly the members
 * @param timeZone a present blank name clears the group's own time zone
 * @param workingHours a present {@link WeeklyHours#NONE} clears the group's own working hours
 */
public record GroupChanges(
        Optional<String> name,
        Optional<String> description,
        Optional<Boolean> isPublic,
        Optional<Set<AgentId>> members,
        Optional<String> timeZone,
        Optional<WeeklyHours> workingHours) {

    public GroupChanges(Optional<String> name, Optional<String> description, Optional<Boolean> isPublic) {
        this(name, description, isPublic, Optional.empty());
    }

    public GroupChanges(
            Optional<String> name,
            Optional<String> description,
            Optional<Boolean> isPublic,
            Optional<Set<AgentId>> members) {
        this(name, description, isPublic, members, Optional.empty(), Optional.empty());
    }

    public static GroupChanges none() {
        return new GroupChanges(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static GroupChanges rename(String name) {
        return new GroupChanges(Optional.of(name), Optional.empty(), Optional.empty());
    }
}
