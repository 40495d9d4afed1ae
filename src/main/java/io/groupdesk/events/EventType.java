package io.groupdesk.events;

import java.util.Optional;

/**
 * The kinds of change events. Zendesk's own type names where Zendesk publishes one (its user domain, which holds the
 * group memberships); Groupdesk's own namespace, {@code groupdesk:event-type:}, for what Zendesk does not publish
 * (groups, suspension, the rest of an agent's profile, a new password), so that no type pretends to be Zendesk's.
 */
public enum EventType {
    USER_CREATED("zen:event-type:user.created", SourceType.USER, Action.CREATE),
    USER_DELETED("zen:event-type:user.deleted", SourceType.USER, Action.DESTROY),
    /** An agent deleted: {@code active} from true to false. Recorded with {@link #USER_DELETED}. */
    USER_ACTIVE_CHANGED("zen:event-type:user.active_changed", SourceType.USER, Action.UPDATE),
    USER_ROLE_CHANGED("zen:event-type:user.role_changed", SourceType.USER, Action.UPDATE),
    USER_NAME_CHANGED("zen:event-type:user.name_changed", SourceType.USER, Action.UPDATE),
    USER_EMAIL_CHANGED("zen:event-type:user.email_changed", SourceType.USER, Action.UPDATE),
    USER_SUSPENDED_CHANGED("groupdesk:event-type:user.suspended_changed", SourceType.USER, Action.UPDATE),
    /** Any other field of an agent's profile (phone, position, locale, time zone, ...), all in one event. */
    USER_PROFILE_CHANGED("groupdesk:event-type:user.profile_changed", SourceType.USER, Action.UPDATE),
    /** A new password; the event holds no value of it. */
    USER_PASSWORD_CHANGED("groupdesk:event-type:user.password_changed", SourceType.USER, Action.UPDATE),
    USER_GROUP_MEMBERSHIP_CREATED(
            "zen:event-type:user.group_membership_created", SourceType.GROUP_MEMBERSHIP, Action.CREATE),
    USER_GROUP_MEMBERSHIP_DELETED(
            "zen:event-type:user.group_membership_deleted", SourceType.GROUP_MEMBERSHIP, Action.DESTROY),
    USER_DEFAULT_GROUP_CHANGED("zen:event-type:user.default_group_changed", SourceType.USER, Action.UPDATE),
    GROUP_CREATED("groupdesk:event-type:group.created", SourceType.GROUP, Action.CREATE),
    GROUP_UPDATED("groupdesk:event-type:group.updated", SourceType.GROUP, Action.UPDATE),
    GROUP_DELETED("groupdesk:event-type:group.deleted", SourceType.GROUP, Action.DESTROY);

    private final String key;
    private final SourceType source;
    private final Action action;

    EventType(String key, SourceType source, Action action) {
        this.key = key;
        this.source = source;
        this.action = action;
    }

    /** The type's name on the wire, e.g. {@code zen:event-type:user.created}. */
    public String key() {
        return key;
    }

    public SourceType source() {
        return source;
    }

    public Action action() {
        return action;
    }

    /** Whether the type is Zendesk's own, not Groupdesk's extension. */
    public boolean isZendesks() {
        return key.startsWith("zen:");
    }

    public static Optional<EventType> ofKey(String key) {
        for (EventType type : values()) {
            if (type.key.equals(key)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
