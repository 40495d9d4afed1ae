package io.groupdesk.memberships;

import io.groupdesk.access.Caller;
import io.groupdesk.access.Permission;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which agents are in which groups. The rules, enforced under row locks (agents first, then groups, each in id
 * order) with unique keys as the backstop:
 *
 * <ul>
 *   <li>a membership joins an active agent and a live group of the same account, once per pair;
 *   <li>an agent's first membership becomes its default, and an agent with memberships has exactly one default;
 *   <li>removing the default moves it to the agent's oldest remaining membership.
 * </ul>
 */
public final class MembershipService {
    /** The most items one bulk change may carry. */
    public static final int MAX_BULK = 100;

    /** The most agents one replace of a group's members (or groups one agent's groups) may name. */
    public static final int MAX_REPLACE = 10_000;

    private final MembershipRepository memberships;
    private final Transactions transactions;
    private final Clock clock;

    public MembershipService(MembershipRepository memberships, Transactions transactions, Clock clock) {
        this.memberships = memberships;
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
        return memberships.list(caller.account(), filter, viewer(caller), page);
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
            Map<AgentId, AgentState> agents = memberships.lockAgents(caller.account(), List.of(membership.agent()));
            Map<GroupId, GroupState> groups = memberships.lockGroups(caller.account(), List.of(membership.group()));
            return insert(
                    caller,
                    membership,
                    agents,
                    groups,
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
            Map<AgentId, AgentState> agents = memberships.lockAgents(
                    caller.account(), items.stream().map(NewMembership::agent).toList());
            Map<GroupId, GroupState> groups = memberships.lockGroups(
                    caller.account(), items.stream().map(NewMembership::group).toList());
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
                    rows.add(check(items.get(index), agents, groups, present));
                    rowIndexes.add(index);
                } catch (ValidationException | ConflictException e) {
                    outcomes[index] = BulkOutcome.failed(index, e);
                }
            }
            List<Membership> created = memberships.insertAll(caller.account(), rows, now());
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
            Caller caller,
            NewMembership membership,
            Map<AgentId, AgentState> agents,
            Map<GroupId, GroupState> groups,
            MembershipRepository.Present present) {
        MembershipRepository.NewRow row = check(membership, agents, groups, present);
        return memberships.insert(caller.account(), row.agent(), row.group(), row.isDefault(), now());
    }

    /**
     * Checks the rules for adding one membership and records it in {@code present} as if inserted: the agent's
     * first membership is its default.
     *
     * @throws ValidationException the agent or group is unknown, the agent inactive or the group deleted
     * @throws ConflictException the agent is already in the group
     */
    private static MembershipRepository.NewRow check(
            NewMembership membership,
            Map<AgentId, AgentState> agents,
            Map<GroupId, GroupState> groups,
            MembershipRepository.Present present) {
        AgentState agent = agents.get(membership.agent());
        GroupState group = groups.get(membership.group());
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
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        if (present.contains(membership.agent(), membership.group())) {
            throw new ConflictException("group", "The agent is already a member of this group");
        }
        boolean first = !present.agentsInAnyGroup().contains(membership.agent());
        present.agentsInAnyGroup().add(membership.agent());
        present.pairs().add(Map.entry(membership.agent(), membership.group()));
        return new MembershipRepository.NewRow(membership.agent(), membership.group(), first);
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
            memberships.lockAgents(caller.account(), List.of(membership.agentId()));
            Membership current = memberships
                    .find(caller.account(), id)
                    .filter(m -> m.agentId().equals(membership.agentId()))
                    .orElseThrow(() -> notFound(id));
            expected.check("membership", id, current.updatedAt());
            removeLocked(caller, current);
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
            memberships.lockAgents(caller.account(), agents);
            List<BulkOutcome> outcomes = new ArrayList<>();
            for (int index = 0; index < ids.size(); index++) {
                Optional<Membership> current = memberships.find(caller.account(), ids.get(index));
                if (current.isEmpty() || !agents.contains(current.get().agentId())) {
                    outcomes.add(BulkOutcome.failed(index, notFound(ids.get(index))));
                    continue;
                }
                removeLocked(caller, current.get());
                outcomes.add(BulkOutcome.done(index, current.get()));
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
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        transactions.run(() -> {
            lockForReplace(caller, group, members);
            GroupState state =
                    memberships.lockGroups(caller.account(), List.of(group)).get(group);
            if (state == null) {
                throw new NotFoundException("group", group);
            }
            replaceMembersLocked(caller, group, members);
        });
    }

    /**
     * Locks the agents a replace of the group's members touches, its members and the new ones. Called in the
     * caller's transaction before the group itself is locked, as every membership change locks agents first.
     */
    public void lockForReplace(Caller caller, GroupId group, Set<AgentId> members) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        checkReplaceSize("agents", members.size());
        Set<AgentId> touched = new HashSet<>(members);
        memberships.ofGroup(caller.account(), group).forEach(m -> touched.add(m.agentId()));
        memberships.lockAgents(caller.account(), touched);
    }

    /**
     * The second half of {@link #replaceMembers}, for a caller whose transaction has run {@link #lockForReplace}
     * and locked the group.
     */
    public void replaceMembersLocked(Caller caller, GroupId group, Set<AgentId> members) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        Map<AgentId, AgentState> agents = memberships.lockAgents(caller.account(), members);
        List<FieldViolation> violations = new ArrayList<>();
        for (AgentId agent : members.stream()
                .sorted(Comparator.comparingLong(AgentId::value))
                .toList()) {
            AgentState state = agents.get(agent);
            if (state == null || !state.active()) {
                violations.add(violation("agent", agent + " is not an active agent of this account"));
            }
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        Map<GroupId, GroupState> groups = memberships.lockGroups(caller.account(), List.of(group));
        Set<AgentId> current = new HashSet<>();
        for (Membership membership : memberships.ofGroup(caller.account(), group)) {
            current.add(membership.agentId());
            if (!members.contains(membership.agentId())) {
                removeLocked(caller, membership);
            }
        }
        List<AgentId> joining =
                members.stream().filter(agent -> !current.contains(agent)).toList();
        MembershipRepository.Present present = memberships.present(caller.account(), joining, List.of(group));
        for (AgentId agent : joining) {
            insert(caller, new NewMembership(agent, group), agents, groups, present);
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
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        checkReplaceSize("groups", groups.size());
        transactions.run(() -> {
            AgentState state =
                    memberships.lockAgents(caller.account(), List.of(agent)).get(agent);
            if (state == null) {
                throw new NotFoundException("agent", agent);
            }
            List<Membership> current = memberships.ofAgent(caller.account(), agent);
            Set<GroupId> touched = new HashSet<>(groups);
            current.forEach(m -> touched.add(m.groupId()));
            Map<GroupId, GroupState> locked = memberships.lockGroups(caller.account(), touched);
            List<FieldViolation> violations = new ArrayList<>();
            for (GroupId group : groups.stream()
                    .sorted(Comparator.comparingLong(GroupId::value))
                    .toList()) {
                GroupState groupState = locked.get(group);
                if (groupState == null || groupState.deleted()) {
                    violations.add(violation("group", group + " is not a live group of this account"));
                }
            }
            if (!violations.isEmpty()) {
                throw new ValidationException(violations);
            }
            Set<GroupId> kept = new HashSet<>();
            for (Membership membership : current) {
                if (groups.contains(membership.groupId())) {
                    kept.add(membership.groupId());
                } else {
                    // read again: removing an earlier one may have made this one the default
                    memberships.find(caller.account(), membership.id()).ifPresent(fresh -> removeLocked(caller, fresh));
                }
            }
            Map<AgentId, AgentState> agents = Map.of(agent, state);
            List<GroupId> joining = groups.stream()
                    .filter(group -> !kept.contains(group))
                    .sorted(Comparator.comparingLong(GroupId::value))
                    .toList();
            MembershipRepository.Present present = memberships.present(caller.account(), List.of(agent), joining);
            for (GroupId group : joining) {
                insert(caller, new NewMembership(agent, group), agents, locked, present);
            }
        });
    }

    /**
     * Removes every membership of a group whose member agents and row the caller's transaction has locked; agents
     * whose default it was get their oldest remaining membership as default.
     */
    public void removeAllOfLockedGroup(Caller caller, GroupId group) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        for (Membership membership : memberships.ofGroup(caller.account(), group)) {
            removeLocked(caller, membership);
        }
    }

    /** Removes every membership of an agent whose row the caller's transaction has locked. */
    public void removeAllOfLockedAgent(Caller caller, AgentId agent) {
        caller.require(Permission.MANAGE_MEMBERSHIPS);
        for (Membership membership : memberships.ofAgent(caller.account(), agent)) {
            memberships.delete(caller.account(), membership.id());
        }
    }

    private void removeLocked(Caller caller, Membership membership) {
        memberships.delete(caller.account(), membership.id());
        if (!membership.isDefault()) {
            return;
        }
        // lock the group of the next default, so a delete of that group cannot remove it unseen
        for (int attempt = 0; attempt < 3; attempt++) {
            List<Membership> remaining = memberships.ofAgent(caller.account(), membership.agentId());
            if (remaining.isEmpty()) {
                return;
            }
            memberships.lockGroups(caller.account(), List.of(remaining.get(0).groupId()));
            Optional<Membership> next =
                    memberships.find(caller.account(), remaining.get(0).id());
            if (next.isPresent()) {
                memberships.makeDefault(
                        caller.account(), membership.agentId(), next.get().id(), now());
                return;
            }
        }
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
            memberships.lockAgents(caller.account(), List.of(agent));
            Membership found = memberships
                    .find(caller.account(), id)
                    .filter(m -> m.agentId().equals(agent))
                    .orElseThrow(() -> notFound(id));
            // the group too, so a concurrent delete of it either sees this default or removes the membership first
            memberships.lockGroups(caller.account(), List.of(found.groupId()));
            Membership membership = memberships.find(caller.account(), id).orElseThrow(() -> notFound(id));
            memberships.makeDefault(caller.account(), agent, membership.id(), now());
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
            Map<AgentId, AgentState> agents = memberships.lockAgents(caller.account(), List.of(agent));
            Map<GroupId, GroupState> groups = memberships.lockGroups(caller.account(), List.of(group));
            Membership membership = memberships
                    .find(caller.account(), agent, group)
                    .orElseGet(() -> insert(
                            caller,
                            new NewMembership(agent, group),
                            agents,
                            groups,
                            memberships.present(caller.account(), List.of(agent), List.of(group))));
            memberships.makeDefault(caller.account(), agent, membership.id(), now());
            return memberships.find(caller.account(), membership.id()).orElseThrow();
        });
    }

    /** The agent's default group, if it has memberships. Requires {@link Permission#READ}. */
    public Optional<GroupId> defaultGroupOf(Caller caller, AgentId agent) {
        return Optional.ofNullable(defaultGroupsOf(caller, List.of(agent)).get(agent));
    }

    /** The default group of each of these agents that has memberships. Requires {@link Permission#READ}. */
    public Map<AgentId, GroupId> defaultGroupsOf(Caller caller, java.util.Collection<AgentId> agents) {
        caller.require(Permission.READ);
        return memberships.defaultGroups(caller.account(), agents);
    }

    private void requireVisibleGroup(Caller caller, GroupId group) {
        memberships
                .group(caller.account(), group)
                .filter(g -> caller.isAdmin() || g.isPublic() || isMember(caller, group))
                .orElseThrow(() -> new NotFoundException("group", group));
    }

    private boolean canSee(Caller caller, GroupId group) {
        if (caller.isAdmin()) {
            return true;
        }
        return memberships
                        .group(caller.account(), group)
                        .map(GroupState::isPublic)
                        .orElse(false)
                || isMember(caller, group);
    }

    private boolean isMember(Caller caller, GroupId group) {
        return caller.agent()
                .map(agent -> memberships.isMember(caller.account(), agent, group))
                .orElse(false);
    }

    private static Optional<AgentId> viewer(Caller caller) {
        return caller.isAdmin() ? Optional.empty() : caller.agent();
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
