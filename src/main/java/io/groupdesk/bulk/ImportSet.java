package io.groupdesk.bulk;

import java.util.List;

/**
 * What a set of exported pages holds, in the core's terms, with the ids of the system the pages came from. Those
 * ids only link memberships to users and groups inside the set; rows are matched to stored ones by natural keys
 * (email, group name).
 */
public record ImportSet(List<User> users, List<Group> groups, List<Membership> memberships, Unset unset) {

    public ImportSet {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
        memberships = List.copyOf(memberships);
    }

    /** A set from a source that shows no value for a field that is not set. */
    public ImportSet(List<User> users, List<Group> groups, List<Membership> memberships) {
        this(users, groups, memberships, Unset.NONE);
    }

    /**
     * What the source shows for a user's locale and time zone when none is set (Zendesk pages show {@code en-US} and
     * {@code UTC}), or null where it shows nothing. A stored agent without one and a row showing this value are the
     * same agent, so the import leaves it as it is.
     */
    public record Unset(String locale, String timeZone) {
        public static final Unset NONE = new Unset(null, null);
    }

    /**
     * A user of the source system; only agents and admins are imported.
     *
     * @param source where the row was read, for the skip report ({@code users/page-00001.json#3})
     * @param role the role as the source names it ({@code agent}, {@code admin}, {@code end-user}), or null
     * @param active false for a user deleted in the source
     * @param routing Groupdesk's routing fields, or null when the source has none (Zendesk itself): a stored agent
     *     then keeps its own, and a new one gets the defaults
     */
    public record User(
            String source,
            long id,
            String name,
            String email,
            String role,
            boolean active,
            boolean suspended,
            String phone,
            String alias,
            String locale,
            String timeZone,
            String position,
            String workId,
            String avatarUrl,
            Routing routing) {}

    /**
     * Whether tickets may be routed to a user automatically, and the user's routing weight (null for none).
     */
    public record Routing(boolean acceptsAssignments, Integer skillLevel) {}

    /** A group of the source system; {@code isDefault} is the account's default group there. */
    public record Group(
            String source,
            long id,
            String name,
            String description,
            boolean isPublic,
            boolean isDefault,
            boolean deleted) {}

    /** A membership of the source system, by the source's user and group ids. */
    public record Membership(String source, long id, long userId, long groupId, boolean isDefault) {}
}
