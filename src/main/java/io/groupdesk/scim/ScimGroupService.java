package io.groupdesk.scim;

import io.groupdesk.access.Caller;
import io.groupdesk.access.Permission;
import io.groupdesk.events.Change;
import io.groupdesk.events.EventRecorder;
import io.groupdesk.events.EventType;
import io.groupdesk.events.NewEvent;
import io.groupdesk.groups.GroupChanges;
import io.groupdesk.groups.GroupService;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.scim.ScimColumns.Column;
import io.groupdesk.scim.ScimColumns.Type;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ExpectedVersion;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.Transactions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SCIM groups: the live groups of the caller's account, with {@code members} the active agents in them. Every
 * operation requires {@link Permission#MANAGE_GROUPS} and is scoped by the caller's account. Writes go through
 * {@link GroupService} and {@link MembershipService} in one transaction with the group's external id, so the
 * membership rules (one default per agent, the default moving when it is removed) and the change events hold. Members
 * are read only when asked for, and a PATCH adds or removes the members it names without reading the others.
 */
public final class ScimGroupService {
    static final ScimPatch.Schema SCHEMA = new ScimPatch.Schema(
            Set.of("displayName", "externalId"), Set.of(), Set.of("members"), Set.of("id", "meta"));

    static final ScimColumns COLUMNS = new ScimColumns(ScimColumns.GROUP_SCHEMA)
            .column("id", "g.id", Type.ID)
            .column("displayName", "g.name", Type.TEXT)
            .column("externalId", "sg.external_id", Type.EXACT_TEXT)
            .column("meta.created", "g.created_at", Type.DATETIME)
            .column("meta.lastModified", "g.updated_at", Type.DATETIME)
            .multiValued(
                    "members",
                    Optional.of("FROM memberships gm JOIN agents ga ON ga.account_id = gm.account_id"
                            + " AND ga.id = gm.agent_id AND ga.active"
                            + " WHERE gm.account_id = g.account_id AND gm.group_id = g.id"),
                    Map.of("value", new Column("gm.agent_id", Type.ID), "display", new Column("ga.name", Type.TEXT)));

    private final GroupService groups;
    private final MembershipService memberships;
    private final ScimGroupRepository repository;
    private final EventRecorder events;
    private final Transactions transactions;

    public ScimGroupService(
            GroupService groups,
            MembershipService memberships,
            ScimGroupRepository repository,
            EventRecorder events,
            Transactions transactions) {
        this.events = events;
        this.groups = groups;
        this.memberships = memberships;
        this.repository = repository;
        this.transactions = transactions;
    }

    /**
     * A live group; its members are read only when {@code withMembers}.
     *
     * @throws NotFoundException no live group with that id in the caller's account
     */
    public ScimGroup get(Caller caller, GroupId id, boolean withMembers) {
        caller.require(Permission.MANAGE_GROUPS);
        ScimGroup group = repository.find(caller.account(), id).orElseThrow(() -> new NotFoundException("group", id));
        return withMembers ? withMembers(caller, List.of(group)).get(0) : group;
    }

    /**
     * A page of the live groups matching the query's filter, run as SQL; members read, for the page's groups in one
     * statement, only when {@code withMembers}.
     *
     * @throws io.groupdesk.shared.ValidationException on {@code filter} or {@code sortBy}
     */
    public ScimPage<ScimGroup> list(Caller caller, ScimQuery query, boolean withMembers) {
        caller.require(Permission.MANAGE_GROUPS);
        Optional<ScimFilterSql> filter =
                query.filter().map(ScimFilter::parse).map(parsed -> ScimFilterSql.compile(parsed, COLUMNS));
        String orderBy = ScimSorting.orderBy(COLUMNS, query.sortBy(), query.descending(), "g.id");
        ScimPage<ScimGroup> page = repository.list(caller.account(), filter, query, orderBy);
        return withMembers
                ? new ScimPage<>(withMembers(caller, page.resources()), page.totalResults(), page.startIndex())
                : page;
    }

    /**
     * Creates a group with its members.
     *
     * @throws io.groupdesk.shared.ConflictException a live group has the name
     * @throws io.groupdesk.shared.ValidationException no displayName, or a member that is no active agent of the
     *     account
     */
    public ScimGroup create(Caller caller, Map<String, Object> resource) {
        caller.require(Permission.MANAGE_GROUPS);
        String name = displayName(resource);
        Set<AgentId> members = members(resource);
        String externalId = ScimDocuments.blankToNull(ScimDocuments.text(resource, "externalId"));
        return transactions.inTransaction(() -> {
            GroupId id = groups.create(
                            caller, new NewGroup(name, Optional.empty(), Optional.empty(), Optional.of(members)))
                    .id();
            saveExternalId(caller, id, name, null, externalId);
            return get(caller, id, true);
        });
    }

    /**
     * Replaces a group (PUT): its name, external id and exactly the members listed.
     *
     * @throws io.groupdesk.shared.PreconditionFailedException the group is not at an {@code expected} version
     */
    public ScimGroup replace(Caller caller, GroupId id, Map<String, Object> resource, ExpectedVersion expected) {
        caller.require(Permission.MANAGE_GROUPS);
        String name = displayName(resource);
        Set<AgentId> members = members(resource);
        String externalId = ScimDocuments.blankToNull(ScimDocuments.text(resource, "externalId"));
        return transactions.inTransaction(() -> {
            ScimGroup current = live(caller, id);
            groups.update(
                    caller,
                    id,
                    new GroupChanges(Optional.of(name), Optional.empty(), Optional.empty(), Optional.of(members)),
                    expected);
            saveExternalId(caller, id, name, current.externalId(), externalId);
            return get(caller, id, true);
        });
    }

    /**
     * Applies PATCH operations: {@code displayName} and {@code externalId} set or removed, members added and removed
     * one by one (by value, or by a {@code members[value eq "…"]} path) or replaced as a whole. Adding a member who is
     * in the group already, or removing one who is not, changes nothing.
     *
     * @return the group, without members
     * @throws io.groupdesk.shared.ValidationException a path this resource does not have, or a member that is no
     *     active agent of the account
     */
    public ScimGroup patch(Caller caller, GroupId id, List<ScimPatch.Operation> operations, ExpectedVersion expected) {
        caller.require(Permission.MANAGE_GROUPS);
        return transactions.inTransaction(() -> {
            ScimGroup current = live(caller, id);
            if (!expected.any()) {
                // checked under the group's row lock before anything changes (the retry of Transactions covers the
                // deadlock this order could meet with a concurrent membership change, which locks agents first)
                groups.update(caller, id, GroupChanges.none(), expected);
            }
            String externalId = current.externalId();
            for (ScimPatch.Operation operation : operations) {
                Map<String, Object> changes = new LinkedHashMap<>();
                if (operation.path().isPresent()) {
                    changes.put(operation.path().get(), operation.value());
                } else if (operation.value() instanceof Map<?, ?> members) {
                    members.forEach((key, value) -> changes.put(String.valueOf(key), value));
                } else {
                    throw ScimErrors.syntax("An operation without a 'path' takes an object as its 'value'");
                }
                for (Map.Entry<String, Object> change : changes.entrySet()) {
                    if (operation.path().isEmpty() && isReadOnly(change.getKey())) {
                        continue; // Okta sends the group's id back with its new name
                    }
                    ScimPatch.Path path = ScimPatch.path(change.getKey(), SCHEMA);
                    switch (path.attribute()) {
                        case "displayName" -> {
                            if (operation.op() == ScimPatch.Op.REMOVE) {
                                throw ScimErrors.mutability("displayName", "A group's displayName is required");
                            }
                            groups.update(caller, id, GroupChanges.rename(text("displayName", change.getValue())));
                        }
                        case "externalId" -> externalId = operation.op() == ScimPatch.Op.REMOVE
                                ? null
                                : ScimDocuments.blankToNull(text("externalId", change.getValue()));
                        default -> members(caller, id, operation.op(), path, change.getValue());
                    }
                }
            }
            saveExternalId(caller, id, current.displayName(), current.externalId(), externalId);
            return live(caller, id);
        });
    }

    /**
     * Deletes a group as the core soft-deletes one; agents whose default it was get their oldest remaining group as
     * their default.
     *
     * @throws io.groupdesk.shared.ValidationException the group is the account's default group
     */
    public void delete(Caller caller, GroupId id, ExpectedVersion expected) {
        caller.require(Permission.MANAGE_GROUPS);
        transactions.run(() -> {
            live(caller, id);
            groups.delete(caller, id, GroupService.DefaultGroups.MOVE, expected);
        });
    }

    /**
     * Keeps the identity provider's id of a group, which only SCIM keeps, and records its change as the group's
     * update (the group's own fields record their events in {@link GroupService}).
     */
    private void saveExternalId(Caller caller, GroupId id, String name, String before, String after) {
        repository.saveExternalId(caller.account(), id, after);
        if (!java.util.Objects.equals(before, after)) {
            events.record(
                    caller,
                    NewEvent.ofGroup(
                            EventType.GROUP_UPDATED, id, name, Map.of("external_id", new Change(before, after))));
        }
    }

    /** A group as a SCIM resource (plain maps and lists), without {@code meta}. */
    public static Map<String, Object> document(ScimGroup group) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("schemas", List.of(ScimColumns.GROUP_SCHEMA));
        resource.put("id", Long.toString(group.id().value()));
        if (group.externalId() != null) {
            resource.put("externalId", group.externalId());
        }
        resource.put("displayName", group.displayName());
        group.members().ifPresent(members -> {
            List<Map<String, Object>> list = new ArrayList<>();
            for (ScimGroup.Member member : members) {
                Map<String, Object> element = new LinkedHashMap<>();
                element.put("value", Long.toString(member.id().value()));
                element.put("display", member.name());
                element.put("type", "User");
                list.add(element);
            }
            resource.put("members", list);
        });
        return resource;
    }

    private void members(Caller caller, GroupId id, ScimPatch.Op op, ScimPatch.Path path, Object value) {
        if (path.sub().isPresent()) {
            throw ScimErrors.invalidPath("Members are added and removed whole, not by a sub-attribute");
        }
        if (path.filter().isPresent()) {
            if (op != ScimPatch.Op.REMOVE) {
                throw ScimErrors.invalidPath("A members[…] path is for removing members; add them by value");
            }
            for (AgentId agent : filteredMembers(path.filter().get())) {
                remove(caller, id, agent);
            }
            return;
        }
        switch (op) {
            case ADD -> {
                for (AgentId agent : memberIds(value)) {
                    if (repository.membership(caller.account(), id, agent).isEmpty()) {
                        memberships.add(caller, new NewMembership(agent, id));
                    }
                }
            }
            case REMOVE -> {
                if (value == null) {
                    memberships.replaceMembers(caller, id, Set.of());
                } else {
                    for (AgentId agent : memberIds(value)) {
                        remove(caller, id, agent);
                    }
                }
            }
            case REPLACE -> memberships.replaceMembers(caller, id, memberIds(value));
        }
    }

    private void remove(Caller caller, GroupId id, AgentId agent) {
        repository
                .membership(caller.account(), id, agent)
                .ifPresent(membership -> memberships.remove(caller, membership, Optional.of(agent)));
    }

    /** The agents a {@code members[value eq "…"]} filter names: comparisons of value with eq, joined by or. */
    private static List<AgentId> filteredMembers(ScimFilter filter) {
        if (filter instanceof ScimFilter.Or or) {
            List<AgentId> both = new ArrayList<>(filteredMembers(or.left()));
            both.addAll(filteredMembers(or.right()));
            return both;
        }
        if (filter instanceof ScimFilter.Compare compare
                && compare.path().equalsIgnoreCase("value")
                && compare.operator() == ScimFilter.Operator.EQ) {
            return List.of(agentId(String.valueOf(compare.value())));
        }
        throw ScimErrors.invalidPath("Members are picked by value eq \"<id>\" (or several joined by or)");
    }

    private List<ScimGroup> withMembers(Caller caller, List<ScimGroup> page) {
        Map<GroupId, List<ScimGroup.Member>> members = new HashMap<>();
        memberships.members(caller, page.stream().map(ScimGroup::id).toList(), member -> members.computeIfAbsent(
                        member.group(), g -> new ArrayList<>())
                .add(new ScimGroup.Member(member.agent(), member.name())));
        return page.stream()
                .map(group -> group.withMembers(members.getOrDefault(group.id(), List.of())))
                .toList();
    }

    private ScimGroup live(Caller caller, GroupId id) {
        return repository.find(caller.account(), id).orElseThrow(() -> new NotFoundException("group", id));
    }

    private static boolean isReadOnly(String name) {
        return SCHEMA.readOnly().stream().anyMatch(name::equalsIgnoreCase) || name.equalsIgnoreCase("schemas");
    }

    private static String displayName(Map<String, Object> resource) {
        String name = ScimDocuments.blankToNull(ScimDocuments.text(resource, "displayName"));
        if (name == null) {
            throw ScimErrors.value("displayName", "'displayName' is required");
        }
        return name;
    }

    private static String text(String name, Object value) {
        if (value instanceof String text) {
            return text;
        }
        throw ScimErrors.value(name, "'" + name + "' must be a string");
    }

    private static Set<AgentId> members(Map<String, Object> resource) {
        return memberIds(ScimDocuments.get(resource, "members").orElse(List.of()));
    }

    /** The ids in a members value: an array of {@code {"value": id}} objects, or one such object. */
    @SuppressWarnings("unchecked")
    private static Set<AgentId> memberIds(Object value) {
        List<Object> elements = value instanceof List<?> list ? (List<Object>) list : List.of(value);
        Set<AgentId> ids = new LinkedHashSet<>();
        for (Object element : elements) {
            if (!(element instanceof Map<?, ?> member)) {
                throw ScimErrors.value("members", "Each member is an object with a 'value'");
            }
            String id = ScimDocuments.text((Map<String, Object>) member, "value");
            if (id == null) {
                throw ScimErrors.value("members", "Each member needs a 'value'");
            }
            ids.add(agentId(id));
        }
        return ids;
    }

    private static AgentId agentId(String value) {
        return ScimFilterSql.parseId(value)
                .map(AgentId::new)
                .orElseThrow(() -> ScimErrors.value("members", "'" + value + "' is not a user id of this account"));
    }
}
