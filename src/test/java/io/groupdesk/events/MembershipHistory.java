package io.groupdesk.events;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Membership changes made through the membership service, each with the events the catalogue says it records (added
 * here when the service has not recorded them itself), and the instants between them that a test reads history at.
 */
public final class MembershipHistory {
    private final MembershipService memberships;
    private final RecordedEvents events;
    private final Origin origin;

    public MembershipHistory(MembershipService memberships, RecordedEvents events, Origin origin) {
        this.memberships = memberships;
        this.events = events;
        this.origin = origin;
    }

    /** Puts the agent in the group; its first membership becomes its default. */
    public Membership add(Caller caller, AgentId agent, Group group) {
        long mark = events.mark(caller.account());
        Optional<GroupId> defaultBefore = defaultOf(caller, agent);
        Membership membership = memberships.add(caller, new NewMembership(agent, group.id()));
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("user_id", Change.created(agent.value()));
        changes.put("group_id", Change.created(group.id().value()));
        changes.put("default", Change.created(membership.isDefault()));
        events.ensure(
                mark,
                caller,
                origin,
                NewEvent.ofMembership(
                        EventType.USER_GROUP_MEMBERSHIP_CREATED, membership.id().value(), agent, group.id(), changes));
        if (membership.isDefault() && defaultBefore.isEmpty()) {
            defaultChanged(mark, caller, agent, null, group.id().value());
        }
        return membership;
    }

    /** Makes the membership its agent's default. */
    public void makeDefault(Caller caller, Membership membership) {
        long mark = events.mark(caller.account());
        Optional<GroupId> before = defaultOf(caller, membership.agentId());
        memberships.makeDefault(caller, membership.agentId(), membership.id());
        defaultChanged(
                mark,
                caller,
                membership.agentId(),
                before.map(GroupId::value).orElse(null),
                membership.groupId().value());
    }

    /** Removes a membership that is not its agent's default (so no default moves). */
    public void remove(Caller caller, Membership membership) {
        long mark = events.mark(caller.account());
        memberships.remove(caller, membership.id(), Optional.empty());
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("user_id", Change.removed(membership.agentId().value()));
        changes.put("group_id", Change.removed(membership.groupId().value()));
        changes.put("default", Change.removed(false));
        changes.put("created_at", Change.removed(membership.createdAt()));
        events.ensure(
                mark,
                caller,
                origin,
                NewEvent.ofMembership(
                        EventType.USER_GROUP_MEMBERSHIP_DELETED,
                        membership.id().value(),
                        membership.agentId(),
                        membership.groupId(),
                        changes));
    }

    private void defaultChanged(long mark, Caller caller, AgentId agent, Long from, Long to) {
        events.ensure(
                mark,
                caller,
                origin,
                NewEvent.ofAgent(
                        EventType.USER_DEFAULT_GROUP_CHANGED,
                        agent,
                        null,
                        Map.of("default_group_id", new Change(from, to))));
    }

    private Optional<GroupId> defaultOf(Caller caller, AgentId agent) {
        return memberships.ofAgent(caller, agent).stream()
                .filter(Membership::isDefault)
                .map(Membership::groupId)
                .findFirst();
    }

    /**
     * An instant after everything done so far and before anything done next: the clock is read, then waited on
     * until it has moved past that reading at the databases' precision (microseconds).
     */
    public static Instant between() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        while (!Instant.now().truncatedTo(ChronoUnit.MICROS).isAfter(at)) {
            Thread.onSpinWait();
        }
        return at;
    }
}
