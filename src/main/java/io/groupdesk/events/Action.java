package io.groupdesk.events;

import java.util.Locale;

/** What an event did to its source: the audit log's {@code action}. */
public enum Action {
    CREATE,
    UPDATE,
    DESTROY;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static java.util.Optional<Action> ofKey(String key) {
        for (Action action : values()) {
            if (action.key().equals(key)) {
                return java.util.Optional.of(action);
            }
        }
        return java.util.Optional.empty();
    }
}
