package io.groupdesk.events;

import java.util.Locale;

/** What an event is about: the audit log's {@code source_type}. */
public enum SourceType {
    USER,
    GROUP,
    GROUP_MEMBERSHIP;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static java.util.Optional<SourceType> ofKey(String key) {
        for (SourceType type : values()) {
            if (type.key().equals(key)) {
                return java.util.Optional.of(type);
            }
        }
        return java.util.Optional.empty();
    }
}
