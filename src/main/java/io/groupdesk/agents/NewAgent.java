package io.groupdesk.agents;

import java.util.Optional;

/**
 * A command to create an agent.
 *
 * @param password the sign-in password, if the agent may sign in with one
 */
public record NewAgent(String name, String email, Role role, Optional<String> password) {

    public static NewAgent of(String name, String email, Role role) {
        return new NewAgent(name, email, role, Optional.empty());
    }

    public NewAgent withPassword(String password) {
        return new NewAgent(name, email, role, Optional.of(password));
    }

    @Override
    public String toString() {
        return "NewAgent[name=" + name + ", email=" + email + ", role=" + role + ", password="
                + (password.isPresent() ? "***" : "none") + "]";
    }
}
