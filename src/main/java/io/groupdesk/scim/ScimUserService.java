package io.groupdesk.scim;

import io.groupdesk.access.Caller;
import io.groupdesk.access.Permission;
import io.groupdesk.agents.AgentChanges;
import io.groupdesk.agents.AgentService;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.events.Change;
import io.groupdesk.events.EventRecorder;
import io.groupdesk.events.EventType;
import io.groupdesk.events.NewEvent;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.ExpectedVersion;
import io.groupdesk.shared.ForbiddenException;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Transactions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * SCIM users: the active agents of the caller's account. Every operation requires {@link Permission#MANAGE_AGENTS}
 * (provisioning is an administrator's work, reads included) and is scoped by the caller's account. Writes go through
 * {@link AgentService}, in one transaction with the SCIM-only attributes, so the agents' rules and change events
 * hold. A new user is an agent with the role agent; an administrator is never suspended or deleted through SCIM, and
 * no SCIM request changes a role.
 */
public final class ScimUserService {
    private final AgentService agents;
    private final ScimRepository repository;
    private final EventRecorder events;
    private final Transactions transactions;

    public ScimUserService(
            AgentService agents, ScimRepository repository, EventRecorder events, Transactions transactions) {
        this.events = events;
        this.agents = agents;
        this.repository = repository;
        this.transactions = transactions;
    }

    /**
     * The resource of an active agent, without {@code meta}.
     *
     * @throws NotFoundException no active agent with that id in the caller's account
     */
    public ScimUser get(Caller caller, AgentId id) {
        caller.require(Permission.MANAGE_AGENTS);
        return repository.findUser(caller.account(), id).orElseThrow(() -> new NotFoundException("agent", id));
    }

    /** A user as a SCIM resource (plain maps and lists), without {@code meta}. */
    public static Map<String, Object> document(ScimUser user) {
        return ScimUsers.document(user);
    }

    /**
     * A page of the active agents that match the query's filter, run as SQL.
     *
     * @throws io.groupdesk.shared.ValidationException on {@code filter}: not a filter, or one naming what cannot be
     *     filtered; on {@code sortBy}: not an attribute to sort by
     */
    public ScimPage<ScimUser> list(Caller caller, ScimQuery query) {
        caller.require(Permission.MANAGE_AGENTS);
        Optional<ScimFilterSql> filter =
                query.filter().map(ScimFilter::parse).map(parsed -> ScimFilterSql.compile(parsed, ScimUsers.COLUMNS));
        String orderBy = ScimUsers.orderBy(query.sortBy(), query.descending());
        return repository.listUsers(caller.account(), filter, query, orderBy);
    }

    /**
     * Creates an agent with the role agent from a SCIM User resource.
     *
     * @throws ConflictException the user name or the email is taken in the account
     * @throws io.groupdesk.shared.ValidationException a required attribute is missing, or a value is invalid
     */
    public ScimUser create(Caller caller, Map<String, Object> resource) {
        caller.require(Permission.MANAGE_AGENTS);
        ScimUsers.Values values = ScimUsers.values(resource, Optional.empty());
        return transactions.inTransaction(() -> {
            checkUserName(caller, values.userName(), Optional.empty());
            AgentChanges.Builder details = profile(values, false);
            values.active().ifPresent(active -> details.suspended(!active));
            AgentId id = agents.create(
                            caller,
                            new NewAgent(values.name(), values.email(), Optional.of(Role.AGENT), details.build()))
                    .id();
            repository.saveUser(caller.account(), id, values.extras());
            return repository.findUser(caller.account(), id).orElseThrow();
        });
    }

    /**
     * Replaces a user with a SCIM User resource (PUT): attributes it leaves out are cleared, but {@code active},
     * which an absent value leaves as it is; read-only ones are ignored.
     *
     * @throws NotFoundException no active agent with that id
     * @throws io.groupdesk.shared.PreconditionFailedException the agent is not at an {@code expected} version
     * @throws ForbiddenException the resource would deactivate an administrator
     * @throws ConflictException the new user name or email is taken
     */
    public ScimUser replace(Caller caller, AgentId id, Map<String, Object> resource, ExpectedVersion expected) {
        caller.require(Permission.MANAGE_AGENTS);
        return transactions.inTransaction(() -> {
            ScimUser current = lock(caller, id);
            return write(caller, current, ScimUsers.values(resource, Optional.of(current)), expected);
        });
    }

    /**
     * Applies PATCH operations to a user, under its row lock.
     *
     * @throws io.groupdesk.shared.ValidationException an operation names what the user does not have, a read-only
     *     attribute, or gives a value of the wrong shape
     * @see #replace
     */
    public ScimUser patch(Caller caller, AgentId id, List<ScimPatch.Operation> operations, ExpectedVersion expected) {
        caller.require(Permission.MANAGE_AGENTS);
        return transactions.inTransaction(() -> {
            ScimUser current = lock(caller, id);
            Map<String, Object> resource = ScimDocuments.copy(ScimUsers.document(current));
            ScimPatch.apply(resource, operations, ScimUsers.SCHEMA);
            return write(caller, current, ScimUsers.values(resource, Optional.of(current)), expected);
        });
    }

    /**
     * Deletes a user as the core deletes an agent: deactivated, out of its groups, its email and user name free.
     *
     * @throws NotFoundException no active agent with that id
     * @throws ForbiddenException the agent is an administrator
     */
    public void delete(Caller caller, AgentId id, ExpectedVersion expected) {
        caller.require(Permission.MANAGE_AGENTS);
        transactions.run(() -> {
            ScimUser current = lock(caller, id);
            if (current.role() == Role.ADMIN) {
                throw new ForbiddenException("An administrator is not deleted through SCIM");
            }
            agents.delete(caller, id, expected);
            repository.forgetUserName(caller.account(), id);
        });
    }

    private ScimUser lock(Caller caller, AgentId id) {
        if (!repository.lockAgent(caller.account(), id)) {
            throw new NotFoundException("agent", id);
        }
        return repository.findUser(caller.account(), id).orElseThrow();
    }

    private ScimUser write(Caller caller, ScimUser current, ScimUsers.Values values, ExpectedVersion expected) {
        if (current.role() == Role.ADMIN && values.active().equals(Optional.of(false))) {
            throw new ForbiddenException("An administrator is not deactivated through SCIM");
        }
        if (!values.userName().equalsIgnoreCase(current.userName())) {
            checkUserName(caller, values.userName(), Optional.of(current.id()));
        }
        AgentChanges.Builder changes = profile(values, true).name(values.name()).email(values.email());
        values.active().ifPresent(active -> changes.suspended(!active));
        agents.update(caller, current.id(), changes.build(), expected);
        repository.saveUser(caller.account(), current.id(), values.extras());
        recordExtras(caller, current, values);
        return repository.findUser(caller.account(), current.id()).orElseThrow();
    }

    /**
     * Records a change of the attributes only SCIM keeps (the agent's own fields record their events in
     * {@link AgentService}), as the agent's profile change.
     */
    private void recordExtras(Caller caller, ScimUser before, ScimUsers.Values values) {
        ScimRepository.UserExtras after = values.extras();
        Map<String, Change> changes = new LinkedHashMap<>();
        String userName = after.userName() != null ? after.userName() : values.email();
        put(changes, "scim_user_name", before.userName(), userName);
        put(changes, "external_id", before.externalId(), after.externalId());
        put(changes, "given_name", before.givenName(), after.givenName());
        put(changes, "family_name", before.familyName(), after.familyName());
        put(changes, "department", before.department(), after.department());
        if (!changes.isEmpty()) {
            events.record(
                    caller, NewEvent.ofAgent(EventType.USER_PROFILE_CHANGED, before.id(), values.name(), changes));
        }
    }

    private static void put(Map<String, Change> changes, String field, String from, String to) {
        if (!Objects.equals(from, to)) {
            changes.put(field, new Change(from, to));
        }
    }

    /** The profile fields; on a replace an absent one is cleared (a blank value clears a profile field). */
    private static AgentChanges.Builder profile(ScimUsers.Values values, boolean clearAbsent) {
        AgentChanges.Builder changes = AgentChanges.builder();
        set(values.phone(), clearAbsent, changes::phone);
        set(values.locale(), clearAbsent, changes::locale);
        set(values.timeZone(), clearAbsent, changes::timeZone);
        set(values.title(), clearAbsent, changes::position);
        set(values.employeeNumber(), clearAbsent, changes::workId);
        values.password().ifPresent(changes::password);
        return changes;
    }

    private static void set(String value, boolean clearAbsent, java.util.function.Consumer<String> field) {
        if (value != null) {
            field.accept(value);
        } else if (clearAbsent) {
            field.accept("");
        }
    }

    private void checkUserName(Caller caller, String userName, Optional<AgentId> except) {
        if (repository.userNameTaken(caller.account(), ScimRepository.key(userName), except)) {
            throw new ConflictException("userName", "is already taken in this account");
        }
    }
}
