package io.groupdesk.access;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ForbiddenException;
import io.groupdesk.shared.Role;
import java.util.Optional;

/**
 * Who performs an operation: an account, the agent acting in it, and that agent's role. Every core lookup is
 * scoped by {@link #account()}.
 *
 * @param agent the acting agent, or empty for the system itself (bootstrap, import)
 */
public record Caller(AccountId account, Optional<AgentId> agent, Role role) {

    public static Caller agent(AccountId account, AgentId agent, Role role) {
        return new Caller(account, Optional.of(agent), role);
    }

    /** The service acting on its own behalf in an account, with an admin's rights. */
    public static Caller system(AccountId account) {
        return new Caller(account, Optional.empty(), Role.ADMIN);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public boolean may(Permission permission) {
        return role == Role.ADMIN || permission == Permission.READ;
    }

    /** @throws ForbiddenException the caller's role does not grant {@code permission} */
    public void require(Permission permission) {
        if (!may(permission)) {
            throw new ForbiddenException(
                    "role " + role.key() + " may not " + permission.name().toLowerCase());
        }
    }
}
