package io.groupdesk.events;

import java.util.Locale;

/** The door a change came through, as an event records it ({@code via} in the audit log and the feed). */
public enum Via {
    /** Zendesk's Support API v2 (JSON). */
    API,
    /** Zendesk's classic XML API. */
    XML,
    UDESK,
    USEDESK,
    CONSOLE,
    /** The command line's import. */
    IMPORT,
    SCIM,
    /** The service on its own behalf: the bootstrap of a first account, and work done outside any request. */
    SYSTEM;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Via ofKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
