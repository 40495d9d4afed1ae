package io.groupdesk.agents;

import io.groupdesk.shared.Role;
import java.util.Optional;

/**
 * Which of an account's agents a search covers; every part narrows it, and an empty part leaves it open.
 *
 * @param text matched case-insensitively anywhere in the agent's name or email; blank matches every agent
 * @param role only agents of this role
 * @param active only agents that are not deleted (true) or only deleted ones (false)
 * @param suspended only suspended agents (true) or only agents that are not suspended (false)
 */
public record AgentSearch(String text, Optional<Role> role, Optional<Boolean> active, Optional<Boolean> suspended) {

    public AgentSearch {
        text = text == null ? "" : text.strip();
    }

    /** Every agent that is not deleted, as the agent lists show by default. */
    public static AgentSearch activeAgents() {
        return new AgentSearch("", Optional.empty(), Optional.of(true), Optional.empty());
    }

    /** The same search for agents whose name or email contains {@code text}. */
    public AgentSearch withText(String text) {
        return new AgentSearch(text, role, active, suspended);
    }

    /** Whether the text can match at all: no name or email holds NUL, and PostgreSQL cannot even compare with it. */
    boolean matchesNothing() {
        return text.indexOf('\0') >= 0;
    }
}
