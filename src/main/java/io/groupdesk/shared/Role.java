package io.groupdesk.shared;

import java.util.Locale;
import java.util.Optional;

/** What an agent may do: admins may change everything, agents may read. */
public enum Role {
    ADMIN,
    AGENT;

    /** The stored and displayed name: {@code admin} or {@code agent}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromKey(String key) {
        for (Role role : values()) {
            if (role.key().equals(key)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
