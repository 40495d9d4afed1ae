package io.groupdesk.agents;

import io.groupdesk.access.Caller;
import io.groupdesk.access.Permission;
import io.groupdesk.credentials.ApiTokenService;
import io.groupdesk.credentials.Passwords;
import io.groupdesk.events.EventRecorder;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.memberships.MembershipService.AgentGroups;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ExpectedVersion;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.Text;
import io.groupdesk.shared.Transactions;
import io.groupdesk.shared.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The agents of the caller's account. Every lookup is scoped by {@code caller.account()}. A new agent joins the
 * account's default group; a deleted agent is kept, inactive, without memberships, and its id is never reused.
 *
 * <p>Each operation makes at most one membership call. An operation that changes the agent's row and its
 * memberships locks the agent's row first, which is the first step of the memberships' lock order, and then makes
 * that call, which takes the rest of the order (the groups). A password is hashed and stored by
 * {@link Passwords}, in this class's transaction: the credential columns are not written here.
 */
public final class AgentService {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    static final int MIN_PASSWORD_LENGTH = 8;

    private final AgentRepository agents;
    private final GroupService groups;
    private final MembershipService memberships;
    private final Passwords passwords;
    private final ApiTokenService tokens;
    private final AgentEvents events;
    private final Transactions transactions;
    private final Clock clock;

    public AgentService(
            AgentRepository agents,
            GroupService groups,
            MembershipService memberships,
            Passwords passwords,
            ApiTokenService tokens,
            EventRecorder recorder,
            Transactions transactions,
            Clock clock) {
        this.agents = agents;
        this.events = new AgentEvents(recorder);
        this.groups = groups;
        this.memberships = memberships;
        this.passwords = passwords;
        this.tokens = tokens;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Reads an agent of the caller's account, deleted or not. Requires {@link Permission#READ}.
     *
     * @throws NotFoundException no such agent in the caller's account
     */
    public Agent get(Caller caller, AgentId id) {
        caller.require(Permission.READ);
        return agents.find(caller.account(), id).orElseThrow(() -> new NotFoundException("agent", id));
    }

    /**
     * Lists the account's active agents, ordered by id. Requires {@link Permission#READ}.
     *
     * @param roles the roles to include; empty includes all
     */
    public Slice<Agent> list(Caller caller, Set<Role> roles, PageRequest page) {
        return list(caller, roles, true, page);
    }

    /**
     * Lists the account's active agents, ordered by id, leaving out suspended ones unless asked. Requires
     * {@link Permission#READ}.
     */
    public Slice<Agent> list(Caller caller, Set<Role> roles, boolean includeSuspended, PageRequest page) {
        caller.require(Permission.READ);
        return agents.list(caller.account(), roles, includeSuspended, Optional.empty(), page);
    }

    /**
     * A page of the account's agents that {@code search} covers, deleted ones too unless the search leaves them out,
     * in id order; with {@link PageRequest.Offset#withTotal()} the slice carries {@link #count}'s answer. Requires
     * {@link Permission#READ}: agents see every agent of the account, as the APIs show them.
     */
    public Slice<Agent> search(Caller caller, AgentSearch search, PageRequest page) {
        caller.require(Permission.READ);
        if (search.matchesNothing()) {
            return new Slice<>(
                    List.of(), false, page.counted() ? java.util.OptionalLong.of(0) : java.util.OptionalLong.empty());
        }
        return agents.search(caller.account(), search, page);
    }

    /** How many of the account's agents {@code search} covers. Requires {@link Permission#READ}. */
    public long count(Caller caller, AgentSearch search) {
        caller.require(Permission.READ);
        return search.matchesNothing() ? 0 : agents.count(caller.account(), search);
    }

    /**
     * How many live groups each of these agents is in, counting only the groups the caller sees, as
     * {@link GroupService#countOfAgent} counts them; an agent in none, or not of the account, is left out. Requires
     * {@link Permission#READ}.
     */
    public java.util.Map<AgentId, Long> groupCounts(Caller caller, java.util.Collection<AgentId> ids) {
        caller.require(Permission.READ);
        return agents.groupCounts(caller.account(), ids, io.groupdesk.access.Visibility.viewer(caller));
    }

    /**
     * Lists the active agents in a group the caller can see. Requires {@link Permission#READ}.
     *
     * @throws NotFoundException no such group, or a private group the caller is not in
     */
    public Slice<Agent> listInGroup(Caller caller, GroupId group, PageRequest page) {
        groups.get(caller, group);
        return agents.list(caller.account(), Set.of(), true, Optional.of(group), page);
    }

    /**
     * The account's agents, deleted ones too, in {@code (updated_at, id)} order, from a position: those updated after
     * {@code from}, and those updated at {@code from} with an id above {@code afterId}; at most {@code limit}, and
     * only those updated before {@code before} when it is given. What an incremental export reads. Requires
     * {@link Permission#MANAGE_AGENTS} (admins).
     */
    public List<Agent> changedSince(Caller caller, Instant from, long afterId, Optional<Instant> before, int limit) {
        caller.require(Permission.MANAGE_AGENTS);
        return agents.changedSince(caller.account(), from, afterId, before, limit);
    }

    /** The default group of each of these agents that has memberships. Requires {@link Permission#READ}. */
    public java.util.Map<AgentId, GroupId> defaultGroups(Caller caller, java.util.Collection<AgentId> agents) {
        return memberships.defaultGroupsOf(caller, agents);
    }

    /** How many members a sideload of the members of several groups includes at most. */
    public static final int MAX_MEMBERS_SIDELOAD = 1000;

    /**
     * The active members of the groups the caller can see among {@code groups}, at most
     * {@link #MAX_MEMBERS_SIDELOAD}, in id order. Requires {@link Permission#READ}.
     */
    public List<Agent> membersOf(Caller caller, java.util.Collection<GroupId> groups) {
        List<GroupId> visible =
                this.groups.getAll(caller, groups).stream().map(Group::id).toList();
        return agents.membersOf(caller.account(), visible, MAX_MEMBERS_SIDELOAD);
    }

    /** The agents with these ids, deleted or not, in id order; unknown ids are skipped. */
    public List<Agent> getAll(Caller caller, java.util.Collection<AgentId> ids) {
        caller.require(Permission.READ);
        return agents.findAll(caller.account(), ids);
    }

    /**
     * Creates an agent, who joins the account's default group (and {@code details.defaultGroup()}, which becomes
     * its default, when given). Requires {@link Permission#MANAGE_AGENTS}.
     *
     * @throws ValidationException a field is invalid, or the default group cannot take members
     * @throws io.groupdesk.shared.ConflictException the email is taken in this account (ignoring case)
     */
    public Agent create(Caller caller, NewAgent agent) {
        caller.require(Permission.MANAGE_AGENTS);
        List<FieldViolation> violations = new ArrayList<>();
        // required on create: a missing name or email is blank
        checkName(Optional.of(agent.name() == null ? "" : agent.name()), violations);
        checkEmail(Optional.of(agent.email() == null ? "" : agent.email()), violations);
        check(agent.details(), violations);
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        Optional<Passwords.Hash> hash = agent.details().password().map(passwords::hash);
        return transactions.inTransaction(() -> {
            Agent created = agents.insert(
                    caller.account(),
                    agent.name().strip(),
                    agent.email().strip(),
                    agent.role().orElse(Role.AGENT),
                    now());
            hash.ifPresent(h -> passwords.store(caller.account(), created.id(), h));
            Agent detailed = apply(created, agent.details());
            if (!detailed.equals(created)) {
                agents.update(detailed, now());
            }
            // before the events of its memberships
            events.created(caller, detailed);
            AgentGroups placement = new AgentGroups(
                    groups.accountDefault(caller)
                            .map(Group::id)
                            // a list of groups without it would take the agent out again: joined and left on record
                            .filter(group -> agent.details()
                                    .groups()
                                    .map(list -> list.contains(group))
                                    .orElse(true)),
                    agent.details().groups(),
                    agent.details().defaultGroup());
            if (!placement.isEmpty()) {
                memberships.setGroupsOfAgent(caller, created.id(), placement);
            }
            return agents.find(caller.account(), created.id()).orElseThrow();
        });
    }

    /**
     * Changes the fields present in {@code changes}; a default group is joined if needed. Requires
     * {@link Permission#MANAGE_AGENTS}.
     *
     * @throws NotFoundException no such agent in the caller's account
     * @throws ValidationException a field is invalid, or the agent is deleted
     * @throws io.groupdesk.shared.ConflictException the new email is taken
     */
    public Agent update(Caller caller, AgentId id, AgentChanges changes) {
        return update(caller, id, changes, ExpectedVersion.ANY);
    }

    /**
     * Changes the fields present in {@code changes} if the agent is still at an {@code expected} version, checked
     * under the agent's row lock. Any change, also to its groups alone, gives the agent a new version. A new password
     * or a suspension revokes the agent's Udesk sign-in token ({@link ApiTokenService#signInToken}) in the same
     * transaction, whichever API or tool made the change. Requires {@link Permission#MANAGE_AGENTS}.
     *
     * @throws io.groupdesk.shared.PreconditionFailedException the agent has changed since the expected version
     * @see #update(Caller, AgentId, AgentChanges)
     */
    public Agent update(Caller caller, AgentId id, AgentChanges changes, ExpectedVersion expected) {
        caller.require(Permission.MANAGE_AGENTS);
        List<FieldViolation> violations = new ArrayList<>();
        checkName(changes.name(), violations);
        checkEmail(changes.email(), violations);
        check(changes, violations);
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        Optional<Passwords.Hash> hash = changes.password().map(passwords::hash);
        return transactions.inTransaction(() -> {
            Agent current = agents.lock(caller.account(), id).orElseThrow(() -> new NotFoundException("agent", id));
            expected.check("agent", id, current.updatedAt());
            if (!current.active()) {
                throw ValidationException.of("base", Rule.IMMUTABLE, "A deleted agent cannot be changed");
            }
            Agent updated = apply(current, changes);
            boolean groupsTouched =
                    changes.groups().isPresent() || changes.defaultGroup().isPresent();
            if (!updated.equals(current) || hash.isPresent() || groupsTouched) {
                agents.update(updated, ExpectedVersion.nextUpdatedAt(current.updatedAt(), now()));
            }
            hash.ifPresent(h -> passwords.store(caller.account(), id, h));
            events.updated(caller, current, updated, hash.isPresent());
            if (hash.isPresent() || (updated.suspended() && !current.suspended())) {
                // what the agent signs in with changed, or it may no longer sign in: its sign-in token goes too
                tokens.revokeSignInToken(caller.account(), id);
            }
            if (groupsTouched) {
                memberships.setGroupsOfAgent(
                        caller, id, new AgentGroups(Optional.empty(), changes.groups(), changes.defaultGroup()));
            }
            return agents.find(caller.account(), id).orElseThrow();
        });
    }

    /**
     * Deletes an agent: it is deactivated, loses its memberships and can no longer sign in; its email is free again.
     * Requires {@link Permission#MANAGE_AGENTS}.
     *
     * @throws NotFoundException no such agent in the caller's account
     * @throws ValidationException the caller deleting itself
     */
    public Agent delete(Caller caller, AgentId id) {
        return delete(caller, id, ExpectedVersion.ANY);
    }

    /**
     * Deletes an agent if it is still at an {@code expected} version, checked under the agent's row lock. Requires
     * {@link Permission#MANAGE_AGENTS}.
     *
     * @throws io.groupdesk.shared.PreconditionFailedException the agent has changed since the expected version
     * @see #delete(Caller, AgentId)
     */
    public Agent delete(Caller caller, AgentId id, ExpectedVersion expected) {
        caller.require(Permission.MANAGE_AGENTS);
        if (caller.agent().equals(Optional.of(id))) {
            throw ValidationException.of("base", Rule.INVALID, "You cannot delete yourself");
        }
        return transactions.inTransaction(() -> {
            Agent current = agents.lock(caller.account(), id).orElseThrow(() -> new NotFoundException("agent", id));
            expected.check("agent", id, current.updatedAt());
            if (current.active()) {
                memberships.removeAllOfAgent(caller, id);
                agents.deactivate(caller.account(), id, ExpectedVersion.nextUpdatedAt(current.updatedAt(), now()));
                tokens.revokeSignInToken(caller.account(), id);
                events.deleted(caller, current);
            }
            return agents.find(caller.account(), id).orElseThrow();
        });
    }

    // ---- import -------------------------------------------------------------------------------------------------

    /**
     * The account's active agents, keyed by {@link #emailKey} of their emails: what an import matches its rows to.
     * Requires {@link Permission#MANAGE_AGENTS}.
     */
    public java.util.Map<String, Agent> activeByEmail(Caller caller) {
        caller.require(Permission.MANAGE_AGENTS);
        java.util.Map<String, Agent> byEmail = new java.util.HashMap<>();
        for (Agent agent : agents.active(caller.account())) {
            byEmail.put(emailKey(agent.email()), agent);
        }
        return byEmail;
    }

    /** What two emails share when they name the same agent: emails are unique among active agents ignoring case. */
    public static String emailKey(String email) {
        return JdbcAgentRepository.emailKey(email);
    }

    /**
     * Writes a batch of an import's agents in one transaction: new agents with one statement, changes of active ones
     * in one batch. Each is checked as {@link #create} checks an agent. An imported agent joins no group by itself
     * (the import brings its memberships) and gets no password; one suspended by the import loses its Udesk sign-in
     * token, as {@link #update} revokes it. Requires {@link Permission#MANAGE_AGENTS}.
     *
     * @throws ValidationException an agent {@link #create} would refuse
     * @throws io.groupdesk.shared.ConflictException an email is taken meanwhile: the batch is not written
     */
    public void importBatch(Caller caller, List<ImportedAgent> batch) {
        caller.require(Permission.MANAGE_AGENTS);
        for (ImportedAgent agent : batch) {
            List<FieldViolation> violations = violations(agent.asNewAgent());
            if (!violations.isEmpty()) {
                throw new ValidationException(violations);
            }
        }
        List<ImportedAgent> inserts =
                batch.stream().filter(agent -> agent.id().isEmpty()).toList();
        List<ImportedAgent> updates =
                batch.stream().filter(agent -> agent.id().isPresent()).toList();
        transactions.run(() -> {
            List<Agent> before = updates.isEmpty()
                    ? List.of()
                    : agents.findAll(
                            caller.account(),
                            updates.stream()
                                    .map(agent -> agent.id().orElseThrow())
                                    .toList());
            events.created(caller, agents.insertAll(caller.account(), inserts, now()));
            agents.updateAll(caller.account(), updates, now());
            java.util.Map<AgentId, ImportedAgent> byId = new java.util.HashMap<>();
            updates.forEach(agent -> byId.put(agent.id().orElseThrow(), agent));
            for (Agent stored : before) {
                if (stored.active()) {
                    events.updated(caller, stored, byId.get(stored.id()).applyTo(stored), false);
                }
            }
            for (ImportedAgent agent : updates) {
                if (agent.suspended()) {
                    tokens.revokeSignInToken(caller.account(), agent.id().orElseThrow());
                }
            }
        });
    }

    /**
     * What {@link #create} would refuse in {@code agent}, checked without touching the database, for paths that
     * write agents in bulk; empty when it is valid.
     */
    public static List<FieldViolation> violations(NewAgent agent) {
        List<FieldViolation> violations = new ArrayList<>();
        checkName(Optional.of(agent.name() == null ? "" : agent.name()), violations);
        checkEmail(Optional.of(agent.email() == null ? "" : agent.email()), violations);
        check(agent.details(), violations);
        return violations;
    }

    private static Agent apply(Agent agent, AgentChanges changes) {
        return new Agent(
                agent.id(),
                agent.accountId(),
                changes.name().map(String::strip).orElse(agent.name()),
                changes.email().map(String::strip).orElse(agent.email()),
                changes.role().orElse(agent.role()),
                profile(changes.phone(), agent.phone()),
                profile(changes.position(), agent.position()),
                profile(changes.workId(), agent.workId()),
                profile(changes.alias(), agent.alias()),
                profile(changes.avatarUrl(), agent.avatarUrl()),
                profile(changes.locale(), agent.locale()),
                profile(changes.timeZone(), agent.timeZone()),
                changes.acceptsAssignments().orElse(agent.acceptsAssignments()),
                changes.skillLevel().isPresent() ? changes.skillLevel().get() : agent.skillLevel(),
                agent.active(),
                changes.suspended().orElse(agent.suspended()),
                agent.createdAt(),
                agent.updatedAt());
    }

    /** An optional profile field after a change: absent keeps it, blank clears it. */
    private static String profile(Optional<String> change, String current) {
        if (change.isEmpty()) {
            return current;
        }
        String value = change.get().strip();
        return value.isEmpty() ? null : value;
    }

    private static void checkName(Optional<String> name, List<FieldViolation> violations) {
        if (name.isEmpty()) {
            return;
        }
        String value = name.get().strip();
        if (value.isEmpty()) {
            violations.add(FieldViolation.of("name", Rule.BLANK, "cannot be blank"));
        } else {
            Text.checkName("name", value, 255, violations);
        }
    }

    private static void checkEmail(Optional<String> email, List<FieldViolation> violations) {
        if (email.isEmpty()) {
            return;
        }
        String value = email.get().strip();
        if (value.isEmpty()) {
            violations.add(FieldViolation.of("email", Rule.BLANK, "cannot be blank"));
        } else if (Text.length(value) > 254
                || !EMAIL.matcher(value).matches()
                || Text.nameViolation("email", value, 254).isPresent()) {
            // NUL, control and bidirectional formatting characters belong in no address
            violations.add(FieldViolation.of("email", Rule.INVALID, "is not a valid email address"));
        }
    }

    private static void check(AgentChanges changes, List<FieldViolation> violations) {
        changes.phone().ifPresent(v -> Text.check("phone", v, 64, violations));
        changes.position().ifPresent(v -> Text.check("position", v, 255, violations));
        changes.workId().ifPresent(v -> Text.check("work_id", v, 64, violations));
        changes.alias().ifPresent(v -> Text.checkName("alias", v.strip(), 255, violations));
        changes.avatarUrl().ifPresent(v -> {
            Text.check("avatar_url", v, 2048, violations);
            if (!v.isBlank() && !v.strip().matches("(?i)https?://\\S+")) {
                violations.add(FieldViolation.of("avatar_url", Rule.INVALID, "must be an http or https URL"));
            }
        });
        changes.locale().ifPresent(v -> Text.check("locale", v, 32, violations));
        changes.timeZone().ifPresent(v -> Text.check("time_zone", v, 64, violations));
        changes.skillLevel().ifPresent(v -> {
            if (v < 0) {
                violations.add(FieldViolation.of("skill_level", Rule.INVALID, "must be zero or more"));
            }
        });
        changes.password().ifPresent(v -> {
            if (v.length() < MIN_PASSWORD_LENGTH) {
                violations.add(FieldViolation.of(
                        "password", Rule.INVALID, "is too short (minimum is " + MIN_PASSWORD_LENGTH + " characters)"));
            }
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
