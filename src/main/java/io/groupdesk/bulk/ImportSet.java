package io.groupdesk.bulk;

import java.util.List;

/**
 * What a set of exported pages holds, in the core's terms, with the ids of the system the pages came from. Those
 * ids only link memberships to users and groups inside the set; rows are matched to stored ones by natural keys
 * (email, group name).
 */
public record ImportSet(List<User> users, List<Group> groups, List<Membership> memberships) {

    public ImportSet {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
        memberships = List.copyOf(memberships);
    }

    /**
     * A user of the source system; only agents and admins are imported.
     *
     * @param source where the row was read, for the skip report ({@code users/page-00001.json#3})
     * @param role the role as the source names it ({@code agent}, {@code admin}, {@code end-user}), or null
     * @param active false for a user deleted in the source
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
            String avatarUrl) {}

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
