package io.groupdesk.groups;

import io.groupdesk.access.Caller;
import io.groupdesk.access.Permission;
import io.groupdesk.access.Visibility;
import io.groupdesk.events.EventRecorder;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.ExpectedVersion;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.PreconditionFailedException;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.Text;
import io.groupdesk.shared.TimeZones;
import io.groupdesk.shared.Transactions;
import io.groupdesk.shared.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The groups of the caller's account. Every lookup is scoped by {@code caller.account()}: another account's group
 * is "not found". Agents see private groups only when they are members of them.
 */
public final class GroupService {
    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_DESCRIPTION_LENGTH = 4000;

    private final GroupRepository groups;
    private final MembershipService memberships;
    private final GroupEvents events;
    private final Transactions transactions;
    private final Clock clock;

    public GroupService(
            GroupRepository groups,
            MembershipService memberships,
            EventRecorder recorder,
            Transactions transactions,
            Clock clock) {
        this.groups = groups;
        this.memberships = memberships;
        this.events = new GroupEvents(recorder);
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Which groups a list covers. */
    public enum Scope {
        /** Live groups, or with {@code includeDeleted} deleted ones too. */
        ALL,
        /** Groups tickets can be assigned to: live ones the caller can see. */
        ASSIGNABLE
    }

    /**
     * Lists the groups the caller can see, ordered by id. Requires {@link Permission#READ}.
     *
     * @param includeDeleted whether soft-deleted groups are listed too (ignored for {@link Scope#ASSIGNABLE})
     */
    public Slice<Group> list(Caller caller, Scope scope, boolean includeDeleted, PageRequest page) {
        caller.require(Permission.READ);
        return groups.list(
                caller.account(), filter(caller, scope == Scope.ALL && includeDeleted, Optional.empty()), page);
    }

    /**
     * Lists the live groups the caller can see whose name contains {@code text}, ignoring case, ordered by id.
     * Requires {@link Permission#READ}.
     */
    public Slice<Group> search(Caller caller, String text, PageRequest page) {
        caller.require(Permission.READ);
        if (text.indexOf('\0') >= 0) {
            // no name holds NUL, and PostgreSQL text cannot even compare with it
            return new Slice<>(List.of(), false, page.counted() ? OptionalLong.of(0) : OptionalLong.empty());
        }
        GroupFilter visible = filter(caller, false, Optional.empty());
        return groups.list(
                caller.account(),
                new GroupFilter(false, visible.privateVisibleTo(), Optional.empty(), Optional.of(text)),
                page);
    }

    /**
     * A page of the live groups the caller can see whose name contains the search's text, ignoring case, in the
     * search's order; with {@link PageRequest.Offset#withTotal()} the page carries the number of such groups.
     * Requires {@link Permission#READ}.
     *
     * @throws IllegalArgumentException a keyset page: these pages are read by number, so that a pager can jump
     */
    public Slice<Group> search(Caller caller, GroupSearch search, PageRequest page) {
        caller.require(Permission.READ);
        if (!(page instanceof PageRequest.Offset offset)) {
            throw new IllegalArgumentException("a search of groups reads offset pages");
        }
        if (search.text().indexOf('\0') >= 0) {
            return new Slice<>(List.of(), false, page.counted() ? OptionalLong.of(0) : OptionalLong.empty());
        }
        return groups.search(caller.account(), searchFilter(caller, search), search.sort(), offset);
    }

    /** Counts the live groups the caller can see whose name contains the search's text. Requires {@link Permission#READ}. */
    public long count(Caller caller, GroupSearch search) {
        caller.require(Permission.READ);
        if (search.text().indexOf('\0') >= 0) {
            return 0;
        }
        return groups.count(caller.account(), searchFilter(caller, search));
    }

    /**
     * The number of members of each of these groups that the caller can see, by group; unknown ids and groups the
     * caller cannot see are left out. A member is an agent with a membership of the group, suspended or not. Requires
     * {@link Permission#READ}.
     */
    public java.util.Map<GroupId, Long> memberCounts(Caller caller, java.util.Collection<GroupId> ids) {
        caller.require(Permission.READ);
        java.util.Map<GroupId, Long> counts = new java.util.LinkedHashMap<>();
        for (Group group : getAll(caller, ids)) {
            counts.put(group.id(), 0L);
        }
        groups.memberCounts(caller.account(), counts.keySet()).forEach(counts::put);
        return counts;
    }

    private static GroupFilter searchFilter(Caller caller, GroupSearch search) {
        return new GroupFilter(
                false,
                Visibility.viewer(caller),
                Optional.empty(),
                search.text().isEmpty() ? Optional.empty() : Optional.of(search.text()));
    }

    /** Counts the live groups the caller can see. Requires {@link Permission#READ}. */
    public long count(Caller caller) {
        caller.require(Permission.READ);
        return groups.count(caller.account(), filter(caller, false, Optional.empty()));
    }

    /**
     * Lists the live groups an agent is a member of, as far as the caller can see them. Requires
     * {@link Permission#READ}.
     *
     * @throws NotFoundException no such agent in the caller's account
     */
    public Slice<Group> listOfAgent(Caller caller, AgentId agent, PageRequest page) {
        caller.require(Permission.READ);
        requireAgent(caller, agent);
        return groups.list(caller.account(), filter(caller, false, Optional.of(agent)), page);
    }

    /** Counts the live groups an agent is a member of, as far as the caller can see them. */
    public long countOfAgent(Caller caller, AgentId agent) {
        caller.require(Permission.READ);
        requireAgent(caller, agent);
        return groups.count(caller.account(), filter(caller, false, Optional.of(agent)));
    }

    /** The groups with these ids that the caller can see, in id order; unknown ids are skipped. */
    public List<Group> getAll(Caller caller, java.util.Collection<GroupId> ids) {
        caller.require(Permission.READ);
        return groups.findAll(caller.account(), ids).stream()
                .filter(group -> canSee(caller, group))
                .toList();
    }

    /** The account's default group, which new agents join. Requires {@link Permission#READ}. */
    public Optional<Group> accountDefault(Caller caller) {
        caller.require(Permission.READ);
        return groups.findDefault(caller.account());
    }

    private void requireAgent(Caller caller, AgentId agent) {
        if (!groups.agentExists(caller.account(), agent)) {
            throw new NotFoundException("agent", agent);
        }
    }

    /**
     * Reads one group, deleted or not. Requires {@link Permission#READ}.
     *
     * @throws NotFoundException no such group in the caller's account, or a private group the caller is not in
     */
    public Group get(Caller caller, GroupId id) {
        caller.require(Permission.READ);
        Group group = groups.find(caller.account(), id).orElseThrow(() -> notFound(id));
        if (!canSee(caller, group)) {
            throw notFound(id);
        }
        return group;
    }

    /**
     * Creates a group; the account's first group becomes its default. Requires {@link Permission#MANAGE_GROUPS}.
     *
     * @throws ValidationException name blank or over 255 characters, description too long
     * @throws ConflictException a live group of the account already has the name (ignoring case)
     */
    public Group create(Caller caller, NewGroup group) {
        caller.require(Permission.MANAGE_GROUPS);
        String name = validName(Optional.ofNullable(group.name()));
        Optional<String> description = group.description().map(GroupService::validDescription);
        Optional<String> timeZone =
                group.timeZone().filter(z -> !z.isBlank()).map(z -> TimeZones.valid(z, "time_zone"));
        NewGroup valid =
                new NewGroup(name, description, group.isPublic(), Optional.empty(), timeZone, group.workingHours());
        group.members().ifPresent(members -> caller.require(Permission.MANAGE_MEMBERSHIPS));
        return transactions.inTransaction(() -> {
            if (group.members().isEmpty()) {
                return insert(caller, valid, name, joinMembers -> {});
            }
            // the members' agents are locked first, then the account (for its default), then the new group
            return memberships.addToNewGroup(
                    caller, group.members().get(), joinMembers -> insert(caller, valid, name, joinMembers));
        });
    }

    private Group insert(Caller caller, NewGroup valid, String name, Consumer<GroupId> joinMembers) {
        if (groups.nameTaken(caller.account(), name, Optional.empty())) {
            throw nameTaken();
        }
        boolean first = !groups.hasDefaultElseLock(caller.account());
        Group created = groups.insert(caller.account(), valid, first, now());
        events.created(caller, created);
        joinMembers.accept(created.id());
        return created;
    }

    /**
     * Changes the fields present in {@code changes}. Requires {@link Permission#MANAGE_GROUPS}.
     *
     * @throws NotFoundException no such group in the caller's account
     * @throws ValidationException invalid name or description, a private group made public, or a deleted group
     * @throws ConflictException the new name is taken by another live group
     */
    public Group update(Caller caller, GroupId id, GroupChanges changes) {
        return update(caller, id, changes, ExpectedVersion.ANY);
    }

    /**
     * Changes the fields present in {@code changes} if the group is still at an {@code expected} version, checked
     * under the group's row lock. Requires {@link Permission#MANAGE_GROUPS}.
     *
     * @throws PreconditionFailedException the group has changed since the expected version
     * @see #update(Caller, GroupId, GroupChanges)
     */
    public Group update(Caller caller, GroupId id, GroupChanges changes, ExpectedVersion expected) {
        caller.require(Permission.MANAGE_GROUPS);
        Optional<String> newName =
                changes.name().isPresent() ? Optional.of(validName(changes.name())) : Optional.empty();
        Optional<String> newDescription = changes.description().map(GroupService::validDescription);
        Optional<Optional<String>> newTimeZone = changes.timeZone()
                .map(z -> z.isBlank() ? Optional.<String>empty() : Optional.of(TimeZones.valid(z, "time_zone")));
        changes.members().ifPresent(members -> caller.require(Permission.MANAGE_MEMBERSHIPS));
        return transactions.inTransaction(() -> {
            if (changes.members().isEmpty()) {
                return update(caller, id, changes, expected, () -> {}, newName, newDescription, newTimeZone);
            }
            // the membership call locks the agents, then this group, and runs the update under those locks
            return memberships.replaceMembers(
                    caller,
                    id,
                    changes.members().get(),
                    replaceMembers -> update(
                            caller, id, changes, expected, replaceMembers, newName, newDescription, newTimeZone));
        });
    }

    private Group update(
            Caller caller,
            GroupId id,
            GroupChanges changes,
            ExpectedVersion expected,
            Runnable replaceMembers,
            Optional<String> newName,
            Optional<String> newDescription,
            Optional<Optional<String>> newTimeZone) {
        Group current = groups.lock(caller.account(), id).orElseThrow(() -> notFound(id));
        expected.check("group", id, current.updatedAt());
        if (current.deleted()) {
            throw ValidationException.of("base", Rule.IMMUTABLE, "A deleted group cannot be changed");
        }
        replaceMembers.run();
        if (changes.isPublic().orElse(false) && !current.isPublic()) {
            throw ValidationException.of("public", Rule.IMMUTABLE, "A private group cannot be made public");
        }
        Group updated = new Group(
                current.id(),
                current.accountId(),
                newName.orElse(current.name()),
                newDescription.orElse(current.description()),
                changes.isPublic().orElse(current.isPublic()),
                current.isDefault(),
                current.deleted(),
                current.deletedAt(),
                newTimeZone.isPresent() ? newTimeZone.get().orElse(null) : current.timeZone(),
                changes.workingHours().orElse(current.workingHours()),
                current.createdAt(),
                current.updatedAt());
        if (updated.equals(current)) {
            return current;
        }
        if (!updated.name().equalsIgnoreCase(current.name())
                && groups.nameTaken(caller.account(), updated.name(), Optional.of(id))) {
            throw nameTaken();
        }
        groups.update(updated, ExpectedVersion.nextUpdatedAt(current.updatedAt(), now()));
        Group stored = groups.find(caller.account(), id).orElseThrow();
        events.updated(caller, current, stored);
        return stored;
    }

    /**
     * Soft-deletes a group: it stays readable, marked deleted, and loses its memberships. Deleting a deleted group
     * changes nothing. Requires {@link Permission#MANAGE_GROUPS}.
     *
     * @throws NotFoundException no such group in the caller's account
     * @throws ValidationException the group is the account's default, or some agent's default group
     */
    public Group delete(Caller caller, GroupId id) {
        return delete(caller, id, DefaultGroups.REFUSE);
    }

    /** What deleting a group does when it is some agent's default group. */
    public enum DefaultGroups {
        /** Refuse: the agents must get another default group first. */
        REFUSE,
        /** Delete anyway; each such agent's oldest remaining membership becomes its default. */
        MOVE
    }

    /**
     * Soft-deletes a group, choosing what happens when it is some agent's default group. Requires
     * {@link Permission#MANAGE_GROUPS}.
     *
     * @throws NotFoundException no such group in the caller's account
     * @throws ValidationException the account's default group, or with {@link DefaultGroups#REFUSE} an agent's default
     */
    public Group delete(Caller caller, GroupId id, DefaultGroups defaults) {
        return delete(caller, id, defaults, ExpectedVersion.ANY);
    }

    /**
     * Soft-deletes a group if it is still at an {@code expected} version, checked under the group's row lock.
     * Requires {@link Permission#MANAGE_GROUPS}.
     *
     * @throws PreconditionFailedException the group has changed since the expected version
     * @see #delete(Caller, GroupId, DefaultGroups)
     */
    public Group delete(Caller caller, GroupId id, DefaultGroups defaults, ExpectedVersion expected) {
        return delete(caller, id, defaults, expected, true);
    }

    /**
     * Soft-deletes a live group, for APIs where a deleted group is gone: deleting a group that is already deleted is
     * "not found", decided under the group's row lock, so of two deletes at once exactly one succeeds. Requires
     * {@link Permission#MANAGE_GROUPS}.
     *
     * @throws NotFoundException no such group in the caller's account, or the group is already deleted
     * @see #delete(Caller, GroupId, DefaultGroups)
     */
    public Group deleteLive(Caller caller, GroupId id, DefaultGroups defaults) {
        return delete(caller, id, defaults, ExpectedVersion.ANY, false);
    }

    private Group delete(
            Caller caller, GroupId id, DefaultGroups defaults, ExpectedVersion expected, boolean deletedAnswers) {
        caller.require(Permission.MANAGE_GROUPS);
        // the membership call locks the members' agents, then this group, and runs the delete under those locks
        return transactions.inTransaction(() -> memberships.removeAllOfGroup(caller, id, removeMemberships -> {
            Group current = groups.lock(caller.account(), id).orElseThrow(() -> notFound(id));
            expected.check("group", id, current.updatedAt());
            if (current.deleted()) {
                if (!deletedAnswers) {
                    throw notFound(id);
                }
                return current;
            }
            if (current.isDefault()) {
                throw ValidationException.of(
                        "base", Rule.IMMUTABLE, "The default group of the account cannot be deleted");
            }
            if (defaults == DefaultGroups.REFUSE && groups.isAnAgentsDefault(caller.account(), id)) {
                throw ValidationException.of(
                        "base",
                        Rule.IMMUTABLE,
                        "This is the default group for one or more agents and cannot be deleted");
            }
            removeMemberships.run();
            groups.markDeleted(caller.account(), id, ExpectedVersion.nextUpdatedAt(current.updatedAt(), now()));
            events.deleted(caller, current);
            return groups.find(caller.account(), id).orElseThrow();
        }));
    }

    private boolean canSee(Caller caller, Group group) {
        return Visibility.sees(caller, group.isPublic(), agent -> memberships.isMember(caller, agent, group.id()));
    }

    private static GroupFilter filter(Caller caller, boolean includeDeleted, Optional<AgentId> memberOf) {
        return new GroupFilter(includeDeleted, Visibility.viewer(caller), memberOf);
    }

    // ---- import -------------------------------------------------------------------------------------------------

    /**
     * A group as an import writes it: a new group when {@code id} is empty, else new values for the live group with
     * that id. The name and description are taken as given (a null description is none).
     *
     * @param accountDefault for a new group: it becomes the account's default group if the account has none yet
     */
    public record ImportedGroup(
            Optional<GroupId> id, String name, String description, boolean isPublic, boolean accountDefault) {

        /** A new group. */
        public static ImportedGroup added(String name, String description, boolean isPublic) {
            return new ImportedGroup(Optional.empty(), name, description, isPublic, false);
        }

        /**
         * The import of a row over the live group {@code stored}: its description, and public only if both are, as a
         * private group cannot be made public again.
         */
        public static ImportedGroup over(Group stored, String description, boolean isPublic) {
            return new ImportedGroup(
                    Optional.of(stored.id()), stored.name(), description, stored.isPublic() && isPublic, false);
        }

        /** This group as the account's default candidate. */
        public ImportedGroup asAccountDefault() {
            return new ImportedGroup(id, name, description, isPublic, true);
        }

        /** Whether writing this changes {@code stored}. */
        public boolean changes(Group stored) {
            return !java.util.Objects.equals(stored.description(), description) || stored.isPublic() != isPublic;
        }
    }

    /**
     * The account's live groups, keyed by {@link #nameKey} of their names: what an import matches its rows to.
     * Requires {@link Permission#MANAGE_GROUPS}.
     */
    public java.util.Map<String, Group> liveByName(Caller caller) {
        caller.require(Permission.MANAGE_GROUPS);
        java.util.Map<String, Group> byName = new java.util.HashMap<>();
        for (Group group : groups.live(caller.account())) {
            byName.put(nameKey(group.name()), group);
        }
        return byName;
    }

    /** What two group names share when they name the same group: names are unique among live groups ignoring case. */
    public static String nameKey(String name) {
        return JdbcGroupRepository.nameKey(name);
    }

    /**
     * Writes a batch of an import's groups in one transaction: new groups with one statement, changes of live ones
     * (description, publicity) in one batch. Names and descriptions are checked as {@link #create} checks them. The
     * new group marked {@link ImportedGroup#accountDefault} becomes the account's default when it has none, as the
     * account's first group does. Requires {@link Permission#MANAGE_GROUPS}.
     *
     * @throws ValidationException a name or description {@link #create} would refuse
     * @throws ConflictException a name is taken meanwhile: the batch is not written
     */
    public void importBatch(Caller caller, List<ImportedGroup> batch) {
        caller.require(Permission.MANAGE_GROUPS);
        for (ImportedGroup group : batch) {
            validName(Optional.ofNullable(group.name()));
            if (group.description() != null) {
                validDescription(group.description());
            }
        }
        List<ImportedGroup> inserts =
                batch.stream().filter(group -> group.id().isEmpty()).toList();
        List<ImportedGroup> updates =
                batch.stream().filter(group -> group.id().isPresent()).toList();
        transactions.run(() -> {
            List<ImportedGroup> added = inserts;
            if (inserts.stream().anyMatch(ImportedGroup::accountDefault)
                    && groups.hasDefaultElseLock(caller.account())) {
                added = inserts.stream()
                        .map(group -> new ImportedGroup(
                                group.id(), group.name(), group.description(), group.isPublic(), false))
                        .toList();
            }
            List<Group> before = updates.isEmpty()
                    ? List.of()
                    : groups.findAll(
                            caller.account(),
                            updates.stream()
                                    .map(group -> group.id().orElseThrow())
                                    .toList());
            events.created(caller, groups.insertAll(caller.account(), added, now()));
            groups.updateAll(caller.account(), updates, now());
            java.util.Map<GroupId, ImportedGroup> byId = new java.util.HashMap<>();
            updates.forEach(group -> byId.put(group.id().orElseThrow(), group));
            for (Group stored : before) {
                ImportedGroup imported = byId.get(stored.id());
                events.updated(
                        caller,
                        stored,
                        new Group(
                                stored.id(),
                                stored.accountId(),
                                stored.name(),
                                imported.description(),
                                imported.isPublic(),
                                stored.isDefault(),
                                stored.deleted(),
                                stored.deletedAt(),
                                stored.timeZone(),
                                stored.workingHours(),
                                stored.createdAt(),
                                stored.updatedAt()));
            }
        });
    }

    /**
     * A group name as {@link #create} accepts it, stripped, for paths that write groups in bulk.
     *
     * @throws ValidationException blank, over 255 characters, or containing NUL, a control or a bidirectional formatting
     *     character
     */
    public static String checkedName(String raw) {
        return validName(Optional.ofNullable(raw));
    }

    /**
     * A description as {@link #create} accepts it, for paths that write groups in bulk.
     *
     * @throws ValidationException over 4000 characters or containing NUL
     */
    public static String checkedDescription(String description) {
        return validDescription(description);
    }

    private static String validName(Optional<String> raw) {
        String name = raw.map(String::strip).orElse("");
        if (name.isEmpty()) {
            throw ValidationException.of("name", Rule.BLANK, "cannot be blank");
        }
        Text.requireName("name", name, MAX_NAME_LENGTH);
        return name;
    }

    private static String validDescription(String description) {
        // tabs and line breaks are part of a description's text; only NUL is refused
        Text.require("description", description, MAX_DESCRIPTION_LENGTH);
        return description;
    }

    private static ConflictException nameTaken() {
        return new ConflictException("name", "has already been taken");
    }

    private static NotFoundException notFound(GroupId id) {
        return new NotFoundException("group", id);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
