package io.groupdesk.access;

/** The operations a role may or may not perform. */
public enum Permission {
    /** Read groups, agents and memberships (private groups only for their members, unless an admin). */
    READ,
    MANAGE_GROUPS,
    MANAGE_AGENTS,
    MANAGE_MEMBERSHIPS,
    /** Read the change events: who changed what, when and from where (the audit log, the feed, history). */
    READ_EVENTS
}
