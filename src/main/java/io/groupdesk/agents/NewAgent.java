package io.groupdesk.agents;

import io.groupdesk.shared.Role;
import java.util.Optional;

/**
 * A command to create an agent.
 *
 * @param role empty means {@link Role#AGENT}
 * @param details the optional profile fields, password and default group, as in an update
 */
public record NewAgent(String name, String email, Optional<Role> role, AgentChanges details) {

    public static NewAgent of(String name, String email, Role role) {
        return new NewAgent(name, email, Optional.of(role), AgentChanges.none());
    }

    public NewAgent withPassword(String password) {
        return new NewAgent(
                name,
                email,
                role,
                merge(details, AgentChanges.builder().password(password).build()));
    }

    private static AgentChanges merge(AgentChanges base, AgentChanges over) {
        return new AgentChanges(
                over.name().or(base::name),
                over.email().or(base::email),
                over.role().or(base::role),
                over.phone().or(base::phone),
                over.position().or(base::position),
                over.workId().or(base::workId),
                over.alias().or(base::alias),
                over.avatarUrl().or(base::avatarUrl),
                over.locale().or(base::locale),
                over.timeZone().or(base::timeZone),
                over.acceptsAssignments().or(base::acceptsAssignments),
                over.skillLevel().or(base::skillLevel),
                over.suspended().or(base::suspended),
                over.password().or(base::password),
                over.defaultGroup().or(base::defaultGroup),
                over.groups().or(base::groups));
    }
}
