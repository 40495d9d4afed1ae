package io.groupdesk.rosters;

import io.groupdesk.access.Caller;
import io.groupdesk.access.Permission;
import io.groupdesk.access.Visibility;
import io.groupdesk.groups.Group;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.KeysetPages;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Who is in which group, as the dialects and the console show it: pages of agents with their groups and of groups
 * with their members. Every read is scoped by {@code caller.account()}, requires {@link Permission#READ}, and shows
 * only the groups {@link Visibility} lets the caller see; a page costs a fixed number of statements whatever its size.
 */
public final class RosterService {
    /** The page size the "every ..." reads go through the account with. */
    private static final int EVERY_PAGE = PageRequest.MAX_SIZE;

    private final RosterRepository rosters;

    public RosterService(RosterRepository rosters) {
        this.rosters = rosters;
    }

    /**
     * A page of the account's active agents that {@code filter} covers, in id order, each with the groups the caller
     * sees it in. Requires {@link Permission#READ}.
     *
     * @throws NotFoundException the filter names a group the caller does not see
     */
    public Slice<AgentGroups> agents(Caller caller, AgentFilter filter, PageRequest page) {
        caller.require(Permission.READ);
        filter.inGroup().ifPresent(group -> visibleGroup(caller, group));
        return rosters.agents(caller.account(), filter, Visibility.viewer(caller), page);
    }

    /**
     * Every active agent that {@code filter} covers, in id order, each with the groups the caller sees it in, read a
     * page at a time. Requires {@link Permission#READ}.
     *
     * @throws NotFoundException the filter names a group the caller does not see
     */
    public List<AgentGroups> allAgents(Caller caller, AgentFilter filter) {
        caller.require(Permission.READ);
        filter.inGroup().ifPresent(group -> visibleGroup(caller, group));
        Optional<AgentId> viewer = Visibility.viewer(caller);
        return KeysetPages.all(
                EVERY_PAGE,
                page -> rosters.agents(caller.account(), filter, viewer, page),
                roster -> roster.agent().id().value());
    }

    /**
     * One agent, active or not, with the groups the caller sees it in. Requires {@link Permission#READ}.
     *
     * @throws NotFoundException no such agent in the caller's account
     */
    public AgentGroups agent(Caller caller, AgentId id) {
        caller.require(Permission.READ);
        return rosters.agent(caller.account(), id)
                .map(agent -> rosters.groupsOf(caller.account(), List.of(agent), Visibility.viewer(caller))
                        .get(0))
                .orElseThrow(() -> new NotFoundException("agent", id));
    }

    /**
     * A page of the groups the caller sees, in id order, each with its active members. Requires
     * {@link Permission#READ}.
     *
     * @param includeDeleted whether soft-deleted groups are listed too
     */
    public Slice<GroupMembers> groups(Caller caller, boolean includeDeleted, PageRequest page) {
        caller.require(Permission.READ);
        return rosters.groups(caller.account(), includeDeleted, Visibility.viewer(caller), page);
    }

    /**
     * Every group the caller sees, in id order, each with its active members, read a page at a time. Requires
     * {@link Permission#READ}.
     *
     * @param includeDeleted whether soft-deleted groups are listed too
     */
    public List<GroupMembers> allGroups(Caller caller, boolean includeDeleted) {
        caller.require(Permission.READ);
        Optional<AgentId> viewer = Visibility.viewer(caller);
        return KeysetPages.all(
                EVERY_PAGE,
                page -> rosters.groups(caller.account(), includeDeleted, viewer, page),
                roster -> roster.group().id().value());
    }

    /**
     * One group the caller sees, deleted or not, with all its active members. Requires {@link Permission#READ}.
     *
     * @throws NotFoundException no such group in the caller's account, or a private group the caller is not in
     */
    public GroupMembers group(Caller caller, GroupId id) {
        return rosters.membersOf(
                caller.account(), visibleGroup(caller, id), OptionalInt.empty(), Visibility.viewer(caller));
    }

    /**
     * One group the caller sees, deleted or not, with the active members among its first {@code limit} memberships
     * (in membership id order). Requires {@link Permission#READ}.
     *
     * @throws NotFoundException no such group in the caller's account, or a private group the caller is not in
     */
    public GroupMembers group(Caller caller, GroupId id, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return rosters.membersOf(
                caller.account(), visibleGroup(caller, id), OptionalInt.of(limit), Visibility.viewer(caller));
    }

    /**
     * An offset page of the members of a group the caller sees, in the order they joined, each with its default
     * group as the caller may see it; with {@code text} (stripped; blank for every member), only the members whose
     * name or email contains it, ignoring case. With {@link PageRequest.Offset#withTotal()} the page carries the
     * number of such members. Requires {@link Permission#READ}.
     *
     * @throws NotFoundException no such group in the caller's account, or a private group the caller is not in
     */
    public Slice<GroupMembers.Member> members(Caller caller, GroupId id, String text, PageRequest.Offset page) {
        visibleGroup(caller, id);
        String search = text.strip();
        if (search.indexOf('\0') >= 0) {
            // no name or email holds NUL, and PostgreSQL text cannot even compare with it
            return new Slice<>(List.of(), false, page.counted() ? OptionalLong.of(0) : OptionalLong.empty());
        }
        return rosters.members(
                caller.account(),
                id,
                search.isEmpty() ? Optional.empty() : Optional.of(search),
                Visibility.viewer(caller),
                page);
    }

    private Group visibleGroup(Caller caller, GroupId id) {
        caller.require(Permission.READ);
        return rosters.group(caller.account(), id, Visibility.viewer(caller))
                .orElseThrow(() -> new NotFoundException("group", id));
    }
}
