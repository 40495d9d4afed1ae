package io.groupdesk.groups;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.WeeklyHours;
import java.util.Optional;
import java.util.Set;

/**
 * A command to create a group.
 *
 * @param description empty means none
 * @param isPublic empty means public
 * @param members the agents to put in the group, or empty for none
 * @param timeZone the group's own IANA time zone, or empty to use the account's
 * @param workingHours the group's own working hours, or empty to use the account's
 */
public record NewGroup(
        String name,
        Optional<String> description,
        Optional<Boolean> isPublic,
        Optional<Set<AgentId>> members,
        Optional<String> timeZone,
        Optional<WeeklyHours> workingHours) {

    public NewGroup(String name, Optional<String> description, Optional<Boolean> isPublic) {
        this(name, description, isPublic, Optional.empty());
    }

    public NewGroup(
            String name, Optional<String> description, Optional<Boolean> isPublic, Optional<Set<AgentId>> members) {
        this(name, description, isPublic, members, Optional.empty(), Optional.empty());
    }

    public static NewGroup named(String name) {
        return new NewGroup(name, Optional.empty(), Optional.empty());
    }
}
