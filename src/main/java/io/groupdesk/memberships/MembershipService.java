package io.groupdesk.memberships;

import io.groupdesk.access.Caller;
import io.groupdesk.access.Permission;
import io.groupdesk.access.Visibility;
import io.groupdesk.events.EventRecorder;
import io.groupdesk.memberships.MembershipRepository.AgentState;
import io.groupdesk.memberships.MembershipRepository.GroupState;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.ExpectedVersion;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.ForbiddenException;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.Transactions;
import io.groupdesk.shared.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Which agents are in which groups. The rules, enforced under row locks with unique keys as the backstop:
 *
 * <ul>
 *   <li>a membership joins an active agent and a live group of the same account, once per pair;
 *   <li>an agent's first membership becomes its default, and an agent with memberships has exactly one default;
 *   <li>removing the default moves it to the agent's oldest remaining membership.
 * </ul>
 *
 * <p>Every change here takes its own locks, in the one order {@code LockOrder} describes; no caller locks for it. A
 * feature that writes its own row in the same change as memberships does so in work it hands to the membership
 * call, which runs it under the locks ({@link #replaceMembers(Caller, GroupId, Set, Function)},
 * {@link #addToNewGroup}, {@link #removeAllOfGroup}), or locks only its agent row first, which is the order's first
 * step ({@link #setGroupsOfAgent(Caller, AgentId, AgentGroups)}, {@link #removeAllOfAgent}).
 */
public final class MembershipService {
    /** The most items one bulk change may carry. */
    public static final int MAX_BULK = 100;

    /** The most agents one replace of a group's members (or groups one agent's groups) may name. */
    public static final int MAX_REPLACE = 10_000;

    private final MembershipRepository memberships;
    private final LockOrder locks;
    private final MembershipEvents events;
    private final Transactions transactions;
    private final Clock clock;

    public MembershipService(
            MembershipRepository memberships, EventRecorder recorder, Transactions transactions, Clock clock) {
        this.memberships = memberships;
        this.locks = new LockOrder(memberships);
        this.events = new MembershipEvents(recorder);
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Lists memberships the caller can see, ordered by id. Requires {@link Permission#READ}; agents see memberships
     * of private groups only when they are in the group.
     *
     * @throws NotFoundException the filter names an agent or a group the caller cannot see
     */
    public Slice<Membership> list(Caller caller, MembershipFilter filter, PageRequest page) {
        caller.require(Permission.READ);
        filter.agent().ifPresent(agent -> memberships
                .agent(caller.account(), agent)
                .orElseThrow(() -> new NotFoundException("agent", agent)));
        filter.group().ifPresent(group -> requireVisibleGroup(caller, group));
        return memberships.list(caller.account(), filter, Visibility.viewer(caller), page);
    }

    /**
     * Reads one membership. Requires {@link Permission#READ}.
     *
     * @param ofAgent when present, the membership must belong to this agent
     * @throws NotFoundException no such membership (of that agent) the caller can see
     */
    public Membership get(Caller caller, MembershipId id, Optional<AgentId> ofAgent) {
        caller.require(Permission.READ);
        Membership membership = memberships
                .find(caller.account(), id)
                .filter(m -> ofAgent.map(m.agentId()::equals).orElse(true))
                .orElseThrow(() -> notFound(id));
        if (!canSee(caller, membership.groupId())) {
            throw notFound(id);
        }
        return membership;
    }

    /**
     * The memberships of the groups among {@code groups} the caller can see, in id order. Requires
     * {@link Permission#READ}.
     */
    public List<Membership> ofGroups(Caller caller, java.util.Collection<GroupId> groups) {
        caller.require(Permission.READ);
        List<GroupId> visible =
                groups.stream().filter(group -> canSee(caller, group)).toList();
        return memberships.ofGroups(caller.account(), visible);
    }

    /** An active agent in a group, with the name a roster shows. */
    public record Member(GroupId group, AgentId agent, String name) {}

    /**
     * Passes the active agents in the groups among {@code groups} the caller can see to {@code each}, group by group
     * in the order of {@code groups} and within a group in membership id order: a roster, read in one statement
     * rather than as memberships and then whole agents, and handed on row by row rather than collected. Requires
     * {@link Permission#READ}.
     */
    public void members(Caller caller, List<GroupId> groups, Consumer<Member> each) {
        caller.require(Permission.READ);
        List<GroupId> visible =
                groups.stream().filter(group -> canSee(caller, group)).toList();
        memberships.activeMembers(caller.account(), visible, each);
    }

    /** All of an agent's memberships, oldest first. Requires {@link Permission#READ}. */
    public List<Membership> ofAgent(Caller caller, AgentId agent) {
        caller.require(Permission.READ);
        memberships.agent(caller.account(), agent).orElseThrow(() -> new NotFoundException("agent", agent));
        return memberships.ofAgent(caller.account(), agent).stream()
                .filter(m -> canSee(caller, m.groupId()))
                .toList();
    }

    /**
     * Puts an agent in a group; the agent's first membership becomes its default. Requires
     * {@link Permission#MANAGE_MEMBERSHIPS}.
     *
     * @throws ValidationException the agent or group is not in the account, the agent is inactive, the group deleted
     * @throws ConflictException the agent is already in the group
     */
    public Membership add(Caller caller, NewMembership membership) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        return transactions.inTransaction(() -> {
            LockOrder.Held held = locks.agents(caller.account(), List.of(membership.agent()));
            held.groups(List.of(membership.group()));
            return insert(
                    caller,
                    membership,
                    held,
                    memberships.present(caller.account(), List.of(membership.agent()), List.of(membership.group())));
        });
    }

    /**
     * Adds up to {@link #MAX_BULK} memberships in one transaction; an item that breaks a rule is reported and does
     * not undo the others. Requires {@link Permission#MANAGE_MEMBERSHIPS}.
     */
    public List<BulkOutcome> addMany(Caller caller, List<NewMembership> items) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        checkBulkSize(items.size());
        return transactions.inTransaction(() -> {
            LockOrder.Held held = locks.agents(
                    caller.account(), items.stream().map(NewMembership::agent).toList());
            held.groups(items.stream().map(NewMembership::group).toList());
            // read once for the batch, under the agents' locks, rather than twice per item
            MembershipRepository.Present present = memberships.present(
                    caller.account(),
                    items.stream().map(NewMembership::agent).toList(),
                    items.stream().map(NewMembership::group).toList());
            // every item is checked first, then the valid ones go to the database in one batch
            List<MembershipRepository.NewRow> rows = new ArrayList<>();
            List<Integer> rowIndexes = new ArrayList<>();
            BulkOutcome[] outcomes = new BulkOutcome[items.size()];
            for (int index = 0; index < items.size(); index++) {
                try {
                    rows.add(check(items.get(index), held, present));
                    rowIndexes.add(index);
                } catch (ValidationException | ConflictException e) {
                    outcomes[index] = BulkOutcome.failed(index, e);
                }
            }
            List<Membership> created = memberships.insertAll(caller.account(), rows, now());
            events.joined(caller, created);
            for (int i = 0; i < created.size(); i++) {
                outcomes[rowIndexes.get(i)] = BulkOutcome.done(rowIndexes.get(i), created.get(i));
            }
            return List.of(outcomes);
        });
    }

    /**
     * Inserts one membership after checking the rules against rows read under the agent's lock; {@code present} is
     * what the transaction knows of existing memberships and is brought up to date with the insert.
     */
    private Membership insert(
            Caller caller, NewMembership membership, LockOrder.Held held, MembershipRepository.Present present) {
        MembershipRepository.NewRow row = check(membership, held, present);
        Membership inserted = memberships.insert(caller.account(), row.agent(), row.group(), row.isDefault(), now());
        events.joined(caller, inserted);
        return inserted;
    }

    /**
     * Checks the rules for adding one membership and records it in {@code present} as if inserted: the agent's
     * first membership is its default.
     *
     * @throws ValidationException the agent or group is unknown, the agent inactive or the group deleted
     * @throws ConflictException the agent is already in the group
     */
    private static MembershipRepository.NewRow check(
            NewMembership membership, LockOrder.Held held, MembershipRepository.Present present) {
        List<FieldViolation> violations = joinViolations(
                held.agents().get(membership.agent()), held.groups().get(membership.group()));
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        if (present.contains(membership.agent(), membership.group())) {
            throw new ConflictException("group", "The agent is already a member of this group");
        }
        boolean isDefault = Defaults.joinIsDefault(present.agentsInAnyGroup().contains(membership.agent()));
        present.agentsInAnyGroup().add(membership.agent());
        present.pairs().add(Map.entry(membership.agent(), membership.group()));
        return new MembershipRepository.NewRow(membership.agent(), membership.group(), isDefault);
    }

    /** Why an agent (null: not of the account) cannot join a group (null: not of the account); empty when it can. */
    private static List<FieldViolation> joinViolations(AgentState agent, GroupState group) {
        List<FieldViolation> violations = new ArrayList<>();
        if (agent == null) {
            violations.add(violation("agent", "does not name an agent of this account"));
        } else if (!agent.active()) {
            violations.add(violation("agent", "is not an active agent"));
        }
        if (group == null) {
            violations.add(violation("group", "does not name a group of this account"));
        } else if (group.deleted()) {
            violations.add(violation("group", "is deleted and cannot take members"));
        }
        return violations;
    }

    /**
     * Removes a membership; when it was the agent's default, the agent's oldest remaining membership becomes the
     * default. Requires {@link Permission#MANAGE_MEMBERSHIPS}.
     *
     * @param ofAgent when present, the membership must belong to this agent
     * @return the membership removed
     * @throws NotFoundException no such membership (of that agent)
     */
    public Membership remove(Caller caller, MembershipId id, Optional<AgentId> ofAgent) {
        return remove(caller, id, ofAgent, ExpectedVersion.ANY);
    }

    /**
     * Removes a membership if it is still at an {@code expected} version, checked under its agent's row lock, which
     * every change of the membership holds. Requires {@link Permission#MANAGE_MEMBERSHIPS}.
     *
     * @throws io.groupdesk.shared.PreconditionFailedException the membership has changed since the expected version
     * @see #remove(Caller, MembershipId, Optional)
     */
    public Membership remove(Caller caller, MembershipId id, Optional<AgentId> ofAgent, ExpectedVersion expected) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        return transactions.inTransaction(() -> {
            Membership membership = memberships
                    .find(caller.account(), id)
                    .filter(m -> ofAgent.map(m.agentId()::equals).orElse(true))
                    .orElseThrow(() -> notFound(id));
            LockOrder.Held held = locks.agents(caller.account(), List.of(membership.agentId()));
            Membership current = memberships
                    .find(caller.account(), id)
                    .filter(m -> m.agentId().equals(membership.agentId()))
                    .orElseThrow(() -> notFound(id));
            expected.check("membership", id, current.updatedAt());
            held.groups(nextDefaultGroups(caller, List.of(current)));
            removeUnderLocks(caller, current, held);
            return current;
        });
    }

    /**
     * Removes up to {@link #MAX_BULK} memberships in one transaction; an unknown id is reported and does not undo
     * the others. Requires {@link Permission#MANAGE_MEMBERSHIPS}.
     */
    public List<BulkOutcome> removeMany(Caller caller, List<MembershipId> ids) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        checkBulkSize(ids.size());
        return transactions.inTransaction(() -> {
            Set<AgentId> agents = new HashSet<>();
            for (MembershipId id : ids) {
                memberships.find(caller.account(), id).ifPresent(m -> agents.add(m.agentId()));
            }
            LockOrder.Held held = locks.agents(caller.account(), agents);
            // under the agents' locks: which of the items are there to remove, each once
            Map<MembershipId, Membership> leaving = new LinkedHashMap<>();
            for (MembershipId id : ids) {
                memberships
                        .find(caller.account(), id)
                        .filter(m -> agents.contains(m.agentId()))
                        .ifPresent(m -> leaving.putIfAbsent(id, m));
            }
            held.groups(nextDefaultGroups(caller, leaving.values()));
            List<BulkOutcome> outcomes = new ArrayList<>();
            Set<MembershipId> removed = new HashSet<>();
            for (int index = 0; index < ids.size(); index++) {
                MembershipId id = ids.get(index);
                Membership current = leaving.get(id);
                if (current == null || !removed.add(id)) {
                    outcomes.add(BulkOutcome.failed(index, notFound(id)));
                    continue;
                }
                // read again: removing an earlier item may have moved the default here
                Membership fresh = memberships.find(caller.account(), id).orElse(current);
                removeUnderLocks(caller, fresh, held, leaving.keySet());
                outcomes.add(BulkOutcome.done(index, current));
            }
            return outcomes;
        });
    }

    /**
     * Makes {@code members} exactly the members of a group: the diff is applied, missing agents join (their first
     * membership becoming their default) and others leave (their default moving on). All or nothing. Requires
     * {@link Permission#MANAGE_MEMBERSHIPS}.
     *
     * @throws NotFoundException no such group in the account
     * @throws ValidationException the group is deleted, or a listed agent is not an active agent of the account
     */
    public void replaceMembers(Caller caller, GroupId group, Set<AgentId> members) {
        replaceMembers(caller, group, members, replace -> {
            if (memberships.group(caller.account(), group).isEmpty()) {
                throw new NotFoundException("group", group);
            }
            replace.run();
            return null;
        });
    }

    /**
     * Makes {@code members} exactly the members of a group, for a change of the group that writes the group's own
     * row too: takes the locks of the replace (the agents, then the group), then runs {@code groupWork} under them,
     * which reads and checks the group (its row is locked) and runs the replace it is handed when it is time to. All
     * or nothing, in the caller's transaction when there is one. Requires {@link Permission#MANAGE_MEMBERSHIPS}.
     *
     * @return what {@code groupWork} returns
     * @throws ValidationException a listed agent is not an active agent of the account, or the group cannot take
     *     members
     */
    public <T> T replaceMembers(Caller caller, GroupId group, Set<AgentId> members, Function<Runnable, T> groupWork) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        checkReplaceSize("agents", members.size());
        return transactions.inTransaction(() -> {
            Set<AgentId> touched = new HashSet<>(members);
            memberships.ofGroup(caller.account(), group).forEach(m -> touched.add(m.agentId()));
            LockOrder.Held held = locks.agents(caller.account(), touched);
            List<Membership> leaving = memberships.ofGroup(caller.account(), group).stream()
                    .filter(m -> !members.contains(m.agentId()) && held.holdsAgent(m.agentId()))
                    .toList();
            Set<GroupId> groups = new HashSet<>(nextDefaultGroups(caller, leaving));
            groups.add(group);
            held.groups(groups);
            return groupWork.apply(() -> applyReplace(caller, group, members, held));
        });
    }

    /**
     * Creates a group with members: locks the members' agents, then runs {@code createGroup}, which creates the group
     * and hands its id to the consumer it is given; that locks the new group and puts the members in it (each
     * joining as {@link #add} would). All or nothing, in the caller's transaction when there is one. Requires
     * {@link Permission#MANAGE_MEMBERSHIPS}.
     *
     * @return what {@code createGroup} returns
     * @throws ValidationException a listed agent is not an active agent of the account
     */
    public <T> T addToNewGroup(Caller caller, Set<AgentId> members, Function<Consumer<GroupId>, T> createGroup) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        checkReplaceSize("agents", members.size());
        return transactions.inTransaction(() -> {
            LockOrder.Held held = locks.agents(caller.account(), members);
            return createGroup.apply(group -> {
                held.groups(List.of(group));
                applyReplace(caller, group, members, held);
            });
        });
    }

    /** The replace itself, under the locks {@code held}: the agents first, then the group. */
    private void applyReplace(Caller caller, GroupId group, Set<AgentId> members, LockOrder.Held held) {
        List<FieldViolation> violations = new ArrayList<>();
        for (AgentId agent : members.stream()
                .sorted(Comparator.comparingLong(AgentId::value))
                .toList()) {
            AgentState state = held.agents().get(agent);
            if (state == null || !state.active()) {
                violations.add(violation("agent", agent + " is not an active agent of this account"));
            }
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        Set<AgentId> current = new HashSet<>();
        // read under the group's lock: no one joins the group any more until this transaction ends
        for (Membership membership : memberships.ofGroup(caller.account(), group)) {
            current.add(membership.agentId());
            if (!members.contains(membership.agentId())) {
                removeUnderLocks(caller, membership, held);
            }
        }
        List<AgentId> joining =
                members.stream().filter(agent -> !current.contains(agent)).toList();
        MembershipRepository.Present present = memberships.present(caller.account(), joining, List.of(group));
        for (AgentId agent : joining) {
            insert(caller, new NewMembership(agent, group), held, present);
        }
    }

    /**
     * Removes every membership of a group, for a change of the group that writes the group's own row too (its
     * delete): locks the group's members' agents, then the group, then runs {@code groupWork} under these locks, which
     * reads and checks the group and runs the removal it is handed when it is time to. Agents whose default it was get
     * their oldest remaining membership as default. In the caller's transaction when there is one. Requires
     * {@link Permission#MANAGE_MEMBERSHIPS}.
     *
     * @return what {@code groupWork} returns
     */
    public <T> T removeAllOfGroup(Caller caller, GroupId group, Function<Runnable, T> groupWork) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        return transactions.inTransaction(() -> {
            List<Membership> members = memberships.ofGroup(caller.account(), group);
            LockOrder.Held held = locks.agents(
                    caller.account(), members.stream().map(Membership::agentId).toList());
            Set<GroupId> groups = new HashSet<>(nextDefaultGroups(
                    caller,
                    members.stream().filter(m -> held.holdsAgent(m.agentId())).toList()));
            groups.add(group);
            held.groups(groups);
            return groupWork.apply(() -> {
                // read under the group's lock: this includes an agent that joined after the first read
                for (Membership membership : memberships.ofGroup(caller.account(), group)) {
                    removeUnderLocks(caller, membership, held);
                }
            });
        });
    }

    /**
     * Removes every membership of an agent, locking the agent (the caller's transaction may hold its row already:
     * that is the first lock of every membership change). In the caller's transaction when there is one. Requires
     * {@link Permission#MANAGE_MEMBERSHIPS}.
     */
    public void removeAllOfAgent(Caller caller, AgentId agent) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        transactions.run(() -> {
            locks.agents(caller.account(), List.of(agent));
            for (Membership membership : memberships.ofAgent(caller.account(), agent)) {
                memberships.delete(caller.account(), membership.id());
                events.left(caller, membership);
                if (membership.isDefault()) {
                    events.defaultMoved(caller, agent, Optional.of(membership.groupId()), Optional.empty());
                }
            }
        });
    }

    /**
     * Which groups an agent joins, leaves and has as default, in one change; the parts present are applied in this
     * order.
     *
     * @param join a group to join, unless the agent is in it already (a new agent's account default group)
     * @param exactly the groups the agent is to be in exactly: it leaves the others and joins the missing ones
     * @param defaultGroup the group to become the agent's default, joined first if needed
     */
    public record AgentGroups(Optional<GroupId> join, Optional<Set<GroupId>> exactly, Optional<GroupId> defaultGroup) {
        public static final AgentGroups NONE = new AgentGroups(Optional.empty(), Optional.empty(), Optional.empty());

        public boolean isEmpty() {
            return join.isEmpty() && exactly.isEmpty() && defaultGroup.isEmpty();
        }
    }

    /**
     * Makes {@code groups} exactly the groups an agent is in: it leaves the others (its default moving on) and joins
     * the missing ones. All or nothing. Requires {@link Permission#MANAGE_MEMBERSHIPS}.
     *
     * @throws NotFoundException no such agent in the account
     * @throws ValidationException the agent is inactive, or a listed group is unknown or deleted
     */
    public void setGroupsOfAgent(Caller caller, AgentId agent, Set<GroupId> groups) {
        setGroupsOfAgent(caller, agent, new AgentGroups(Optional.empty(), Optional.of(groups), Optional.empty()));
    }

    /**
     * Applies {@code change} to an agent's groups under one set of locks (the agent, then every group it is in or is
     * named), in the caller's transaction when there is one. Requires {@link Permission#MANAGE_MEMBERSHIPS}.
     *
     * @throws NotFoundException no such agent in the account
     * @throws ValidationException the agent is inactive, or a named group is unknown or deleted
     */
    public void setGroupsOfAgent(Caller caller, AgentId agent, AgentGroups change) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        change.exactly().ifPresent(groups -> checkReplaceSize("groups", groups.size()));
        transactions.run(() -> {
            LockOrder.Held held = locks.agents(caller.account(), List.of(agent));
            AgentState state = held.agents().get(agent);
            if (state == null) {
                throw new NotFoundException("agent", agent);
            }
            Set<GroupId> touched = new HashSet<>();
            change.join().ifPresent(touched::add);
            change.exactly().ifPresent(touched::addAll);
            change.defaultGroup().ifPresent(touched::add);
            // every group it is in: any of them may become its default
            memberships.ofAgent(caller.account(), agent).forEach(m -> touched.add(m.groupId()));
            held.groups(touched);
            change.join().ifPresent(group -> {
                if (memberships.find(caller.account(), agent, group).isEmpty()) {
                    insert(
                            caller,
                            new NewMembership(agent, group),
                            held,
                            memberships.present(caller.account(), List.of(agent), List.of(group)));
                }
            });
            change.exactly().ifPresent(groups -> applyGroupsOfAgent(caller, agent, groups, held));
            change.defaultGroup().ifPresent(group -> applyDefaultGroup(caller, agent, group, held));
        });
    }

    private void applyGroupsOfAgent(Caller caller, AgentId agent, Set<GroupId> groups, LockOrder.Held held) {
        List<FieldViolation> violations = new ArrayList<>();
        for (GroupId group :
                groups.stream().sorted(Comparator.comparingLong(GroupId::value)).toList()) {
            GroupState groupState = held.groups().get(group);
            if (groupState == null || groupState.deleted()) {
                violations.add(violation("group", group + " is not a live group of this account"));
            }
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        Set<GroupId> kept = new HashSet<>();
        List<Membership> current = memberships.ofAgent(caller.account(), agent);
        // the default moves to a membership that stays, never to one that leaves in this change too
        Set<MembershipId> leaving = new HashSet<>();
        current.stream().filter(m -> !groups.contains(m.groupId())).forEach(m -> leaving.add(m.id()));
        for (Membership membership : current) {
            if (groups.contains(membership.groupId())) {
                kept.add(membership.groupId());
            } else {
                // read again: removing an earlier one may have made this one the default
                memberships
                        .find(caller.account(), membership.id())
                        .ifPresent(fresh -> removeUnderLocks(caller, fresh, held, leaving));
            }
        }
        List<GroupId> joining = groups.stream()
                .filter(group -> !kept.contains(group))
                .sorted(Comparator.comparingLong(GroupId::value))
                .toList();
        MembershipRepository.Present present = memberships.present(caller.account(), List.of(agent), joining);
        for (GroupId group : joining) {
            insert(caller, new NewMembership(agent, group), held, present);
        }
    }

    /** Removes a membership whose agent this change has locked, moving the agent's default on when it was that. */
    private void removeUnderLocks(Caller caller, Membership membership, LockOrder.Held held) {
        removeUnderLocks(caller, membership, held, Set.of());
    }

    /**
     * Removes a membership, moving the agent's default to its oldest remaining membership that is not also
     * {@code leaving} in this change, when it was the default.
     */
    private void removeUnderLocks(
            Caller caller, Membership membership, LockOrder.Held held, Set<MembershipId> leaving) {
        memberships.delete(caller.account(), membership.id());
        events.left(caller, membership);
        if (!membership.isDefault()) {
            return;
        }
        Optional<GroupId> was = Optional.of(membership.groupId());
        // the group of the next default is locked, so a delete of that group cannot remove it unseen; for an agent
        // this change holds, that lock was taken with the others (nextDefaultGroups)
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Membership> remaining = memberships.ofAgent(caller.account(), membership.agentId()).stream()
                    .filter(m -> !leaving.contains(m.id()))
                    .findFirst();
            if (remaining.isEmpty()) {
                events.defaultMoved(caller, membership.agentId(), was, Optional.empty());
                return;
            }
            held.lateGroup(remaining.get().groupId());
            Optional<Membership> next =
                    memberships.find(caller.account(), remaining.get().id());
            if (next.isPresent()) {
                memberships.makeDefault(
                        caller.account(), membership.agentId(), next.get().id(), now());
                events.defaultMoved(
                        caller,
                        membership.agentId(),
                        was,
                        Optional.of(next.get().groupId()));
                return;
            }
        }
    }

    /**
     * The groups of the memberships that become defaults when {@code leaving} are removed: for each agent whose
     * default leaves, its oldest membership that stays. Read under the agents' locks, so it stays true.
     */
    private List<GroupId> nextDefaultGroups(Caller caller, java.util.Collection<Membership> leaving) {
        Set<MembershipId> leavingIds = new HashSet<>();
        leaving.forEach(m -> leavingIds.add(m.id()));
        List<GroupId> next = new ArrayList<>();
        for (Membership membership : leaving) {
            if (membership.isDefault()) {
                memberships.ofAgent(caller.account(), membership.agentId()).stream()
                        .filter(m -> !leavingIds.contains(m.id()))
                        .findFirst()
                        .ifPresent(m -> next.add(m.groupId()));
            }
        }
        return next;
    }

    /**
     * Makes a membership its agent's default. Admins may change anyone's default; an agent only its own.
     *
     * @return all of the agent's memberships, oldest first
     * @throws NotFoundException no such membership of that agent
     * @throws ForbiddenException an agent changing another agent's default
     */
    public List<Membership> makeDefault(Caller caller, AgentId agent, MembershipId id) {
        caller.require(Permission.READ);
        if (!caller.may(Permission.MANAGE_MEMBERSHIPS) && !caller.agent().equals(Optional.of(agent))) {
            throw new ForbiddenException("agents may change only their own default group");
        }
        return transactions.inTransaction(() -> {
            LockOrder.Held held = locks.agents(caller.account(), List.of(agent));
            Membership found = memberships
                    .find(caller.account(), id)
                    .filter(m -> m.agentId().equals(agent))
                    .orElseThrow(() -> notFound(id));
            // the group too, so a concurrent delete of it either sees this default or removes the membership first
            held.groups(List.of(found.groupId()));
            Membership membership = memberships.find(caller.account(), id).orElseThrow(() -> notFound(id));
            Optional<GroupId> was = defaultOf(caller, agent);
            memberships.makeDefault(caller.account(), agent, membership.id(), now());
            events.defaultMoved(caller, agent, was, Optional.of(membership.groupId()));
            return memberships.ofAgent(caller.account(), agent);
        });
    }

    /**
     * Makes {@code group} the agent's default group, joining it first if needed. Requires
     * {@link Permission#MANAGE_MEMBERSHIPS}; runs in the caller's transaction when there is one.
     */
    public Membership makeDefaultGroup(Caller caller, AgentId agent, GroupId group) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        return transactions.inTransaction(() -> {
            LockOrder.Held held = locks.agents(caller.account(), List.of(agent));
            held.groups(List.of(group));
            return applyDefaultGroup(caller, agent, group, held);
        });
    }

    private Membership applyDefaultGroup(Caller caller, AgentId agent, GroupId group, LockOrder.Held held) {
        Membership membership = memberships
                .find(caller.account(), agent, group)
                .orElseGet(() -> insert(
                        caller,
                        new NewMembership(agent, group),
                        held,
                        memberships.present(caller.account(), List.of(agent), List.of(group))));
        // after the insert, which records a default it made itself (an agent's first membership)
        Optional<GroupId> was = defaultOf(caller, agent);
        memberships.makeDefault(caller.account(), agent, membership.id(), now());
        events.defaultMoved(caller, agent, was, Optional.of(group));
        return memberships.find(caller.account(), membership.id()).orElseThrow();
    }

    /** The agent's default group as this transaction sees it. */
    private Optional<GroupId> defaultOf(Caller caller, AgentId agent) {
        return memberships.ofAgent(caller.account(), agent).stream()
                .filter(Membership::isDefault)
                .map(Membership::groupId)
                .findFirst();
    }

    // ---- import -------------------------------------------------------------------------------------------------

    /**
     * One agent's memberships as an import brings them.
     *
     * @param groups the groups it is to be in, in the order read (it may be in some already)
     * @param defaultGroup the one of {@code groups} the source marks as its default, if any
     */
    public record ImportedMemberships(AgentId agent, List<GroupId> groups, Optional<GroupId> defaultGroup) {}

    /** A membership of an import refused by a rule, and why. */
    public record Refusal(AgentId agent, GroupId group, String reason) {}

    /**
     * What an import batch did.
     *
     * @param updated existing memberships whose default mark was set or dropped
     */
    public record ImportResult(long created, long updated, long unchanged, List<Refusal> refused) {}

    /**
     * Adds an import's memberships of a batch of agents in one transaction, under the rules of {@link #add}: only
     * active agents of the account in its live groups, one membership per pair (an existing one is left as it is),
     * and exactly one default per agent (the source's default when it names one, else the agent's default as it is,
     * else its first membership). A row that breaks a rule is refused and reported; the others go in with one
     * statement each. The batch's agents are locked (the first step of the lock order); its groups are not, so that
     * batches over disjoint agents run at once: the account's deleted groups are read, and when the insert finds a
     * group that is not the account's at all, the batch is planned again with every group's state read first. A group
     * deleted after that read keeps what the batch put in it. Requires {@link Permission#MANAGE_MEMBERSHIPS}.
     * The groups' member counts are left as they were: call {@link #recountMembers} when the import is done.
     */
    public ImportResult importBatch(Caller caller, List<ImportedMemberships> batch) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        try {
            // first knowing only the account's deleted groups: any other group named is taken for one of the
            // account, which the insert's foreign key checks row by row as it goes
            return transactions.inTransaction(() -> importBatch(caller, batch, false));
        } catch (GroupsChanged e) {
            // some group is not the account's: the batch is rolled back and planned again knowing which
            return transactions.inTransaction(() -> importBatch(caller, batch, true));
        }
    }

    /** A group of an import batch turned out not to be one of the account as the batch was written. */
    private static final class GroupsChanged extends RuntimeException {
        GroupsChanged() {
            super(null, null, false, false);
        }
    }

    private ImportResult importBatch(Caller caller, List<ImportedMemberships> batch, boolean readGroups) {
        List<AgentId> agents = batch.stream().map(ImportedMemberships::agent).toList();
        LockOrder.Held held = locks.agents(caller.account(), agents);
        Set<GroupId> named = new HashSet<>();
        batch.forEach(agent -> named.addAll(agent.groups()));
        Map<GroupId, GroupState> groups = readGroups ? memberships.groups(caller.account(), named) : Map.of();
        Set<GroupId> deleted = readGroups ? Set.of() : memberships.deletedGroups(caller.account());
        Map<AgentId, List<Membership>> stored = memberships.ofAgents(caller.account(), agents);
        List<AgentId> clears = new ArrayList<>();
        List<MembershipRepository.NewRow> marks = new ArrayList<>();
        List<MembershipRepository.NewRow> inserts = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        long updated = 0;
        long unchanged = 0;
        // each agent's default before and after the batch, for the events of those that move
        Map<AgentId, Optional<GroupId>> defaultsBefore = new LinkedHashMap<>();
        Map<AgentId, GroupId> defaultsAfter = new LinkedHashMap<>();
        for (ImportedMemberships agent : batch) {
            AgentState state = held.agents().get(agent.agent());
            List<GroupId> joinable;
            if (!readGroups
                    && state != null
                    && state.active()
                    && (deleted.isEmpty() || agent.groups().stream().noneMatch(deleted::contains))) {
                // a group that is not deleted counts as one of the account until the insert finds one that is not
                joinable = agent.groups();
            } else {
                joinable = new ArrayList<>();
                for (GroupId group : agent.groups()) {
                    GroupState groupState =
                            readGroups ? groups.get(group) : new GroupState(group, deleted.contains(group), true);
                    List<FieldViolation> violations = joinViolations(state, groupState);
                    if (violations.isEmpty()) {
                        joinable.add(group);
                    } else {
                        refused.add(new Refusal(
                                agent.agent(),
                                group,
                                violations.stream()
                                        .map(v -> v.field() + " " + v.message())
                                        .collect(java.util.stream.Collectors.joining(", "))));
                    }
                }
            }
            Set<GroupId> in = new HashSet<>();
            Optional<GroupId> storedDefault = Optional.empty();
            for (Membership membership : stored.getOrDefault(agent.agent(), List.of())) {
                in.add(membership.groupId());
                if (membership.isDefault()) {
                    storedDefault = Optional.of(membership.groupId());
                }
            }
            Optional<GroupId> wanted = joinable == agent.groups()
                    ? agent.defaultGroup()
                    : agent.defaultGroup().filter(joinable::contains);
            Defaults.Plan plan = Defaults.plan(in, storedDefault, joinable, wanted);
            defaultsBefore.put(agent.agent(), storedDefault);
            plan.markStored().ifPresent(group -> defaultsAfter.put(agent.agent(), group));
            plan.inserts().stream()
                    .filter(Defaults.Insert::isDefault)
                    .forEach(row -> defaultsAfter.put(agent.agent(), row.group()));
            if (plan.clearStored()) {
                clears.add(agent.agent());
                updated++; // the old default loses its mark
            }
            if (plan.markStored().isPresent()) {
                marks.add(new MembershipRepository.NewRow(
                        agent.agent(), plan.markStored().get(), true));
                updated++;
            }
            unchanged += plan.unchanged();
            plan.inserts()
                    .forEach(row ->
                            inserts.add(new MembershipRepository.NewRow(agent.agent(), row.group(), row.isDefault())));
        }
        List<Membership> created;
        try {
            created = memberships.importRows(caller.account(), clears, marks, inserts, now());
        } catch (MembershipRepository.UnknownRow e) {
            throw new GroupsChanged();
        }
        events.joinedWithoutDefaults(caller, created);
        defaultsAfter.forEach(
                (agent, group) -> events.defaultMoved(caller, agent, defaultsBefore.get(agent), Optional.of(group)));
        return new ImportResult(inserts.size(), updated, unchanged, refused);
    }

    /**
     * Brings the database's planner statistics up to date after an import added many agents and groups, so that the
     * checks of the memberships' foreign keys are not planned for near-empty tables. Requires
     * {@link Permission#MANAGE_MEMBERSHIPS}.
     */
    public void refreshStatistics(Caller caller) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        memberships.refreshStatistics();
    }

    /**
     * Counts the members of every group of the account again, in one statement: {@link #importBatch} leaves the
     * counts alone, so that batches run side by side, and an import calls this when its batches are done. Requires
     * {@link Permission#MANAGE_MEMBERSHIPS}.
     */
    public void recountMembers(Caller caller) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        memberships.recountMembers(caller.account());
    }

    /** The agent's default group, if it has memberships. Requires {@link Permission#READ}. */
    public Optional<GroupId> defaultGroupOf(Caller caller, AgentId agent) {
        return Optional.ofNullable(defaultGroupsOf(caller, List.of(agent)).get(agent));
    }

    /**
     * The default group of each of these agents that has memberships and whose default group the caller can see
     * ({@link Visibility}): an agent does not learn the id of a private group it is not in. Requires
     * {@link Permission#READ}.
     */
    public Map<AgentId, GroupId> defaultGroupsOf(Caller caller, java.util.Collection<AgentId> agents) {
        caller.require(Permission.READ);
        return memberships.defaultGroups(caller.account(), agents, Visibility.viewer(caller));
    }

    /**
     * Whether {@code agent} is a member of {@code group}: the one membership test, which the visibility rule
     * ({@link Visibility}) asks of private groups. Requires {@link Permission#READ}.
     */
    public boolean isMember(Caller caller, AgentId agent, GroupId group) {
        caller.require(Permission.READ);
        return memberships.isMember(caller.account(), agent, group);
    }

    /**
     * Which of these agents are members of a group the caller sees, read in one statement: what a list of agents to
     * add to the group marks as already in it. Requires {@link Permission#READ}.
     *
     * @throws NotFoundException no such group in the caller's account, or a private group the caller is not in
     */
    public Set<AgentId> membersAmong(Caller caller, GroupId group, java.util.Collection<AgentId> agents) {
        caller.require(Permission.READ);
        requireVisibleGroup(caller, group);
        if (agents.isEmpty()) {
            return Set.of();
        }
        Set<AgentId> members = new HashSet<>();
        memberships.present(caller.account(), agents, List.of(group)).pairs().stream()
                .filter(pair -> pair.getValue().equals(group))
                .forEach(pair -> members.add(pair.getKey()));
        return members;
    }

    private void requireVisibleGroup(Caller caller, GroupId group) {
        memberships
                .group(caller.account(), group)
                .filter(g -> Visibility.sees(
                        caller, g.isPublic(), agent -> memberships.isMember(caller.account(), agent, group)))
                .orElseThrow(() -> new NotFoundException("group", group));
    }

    private boolean canSee(Caller caller, GroupId group) {
        return Visibility.sees(
                caller,
                Visibility.viewer(caller).isPresent()
                        && memberships
                                .group(caller.account(), group)
                                .map(GroupState::isPublic)
                                .orElse(false),
                agent -> memberships.isMember(caller.account(), agent, group));
    }

    private static void checkReplaceSize(String field, int size) {
        if (size > MAX_REPLACE) {
            throw ValidationException.of(field, Rule.TOO_LONG, "can name at most " + MAX_REPLACE + " at once");
        }
    }

    private static void checkBulkSize(int size) {
        if (size > MAX_BULK) {
            throw ValidationException.of(
                    "base", Rule.TOO_LONG, "At most " + MAX_BULK + " items can be changed at once");
        }
    }

    private static FieldViolation violation(String field, String message) {
        return FieldViolation.of(field, Rule.INVALID, message);
    }

    private static NotFoundException notFound(MembershipId id) {
        return new NotFoundException("membership", id);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
