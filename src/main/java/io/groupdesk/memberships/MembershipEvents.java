package io.groupdesk.memberships;

import io.groupdesk.access.Caller;
import io.groupdesk.events.Change;
import io.groupdesk.events.EventRecorder;
import io.groupdesk.events.EventType;
import io.groupdesk.events.NewEvent;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The events of membership changes, as {@link MembershipService} records them in its transactions. */
final class MembershipEvents {
    private final EventRecorder recorder;

    MembershipEvents(EventRecorder recorder) {
        this.recorder = recorder;
    }

    /** A membership made; when it is its agent's default, the agent's first, its default group set too. */
    void joined(Caller caller, Membership membership) {
        recorder.recordAll(caller, joinEvents(membership));
    }

    void joined(Caller caller, List<Membership> memberships) {
        List<NewEvent> events = new ArrayList<>();
        memberships.forEach(membership -> events.addAll(joinEvents(membership)));
        recorder.recordAll(caller, events);
    }

    /**
     * Memberships made whose default marks the caller records itself ({@link #defaultMoved}): an import, which may
     * move an agent's default to a membership it adds.
     */
    void joinedWithoutDefaults(Caller caller, List<Membership> memberships) {
        List<NewEvent> events = new ArrayList<>(memberships.size());
        memberships.forEach(membership -> events.add(joinEvents(membership).get(0)));
        recorder.recordAll(caller, events);
    }

    /** A membership removed, with what its delete event keeps for history: its created_at. */
    void left(Caller caller, Membership membership) {
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("user_id", Change.removed(membership.agentId().value()));
        changes.put("group_id", Change.removed(membership.groupId().value()));
        changes.put("default", Change.removed(membership.isDefault()));
        changes.put("created_at", Change.removed(membership.createdAt()));
        recorder.record(
                caller,
                NewEvent.ofMembership(
                        EventType.USER_GROUP_MEMBERSHIP_DELETED,
                        membership.id().value(),
                        membership.agentId(),
                        membership.groupId(),
                        changes));
    }

    /** An agent's default group moved; nothing is recorded when it did not. */
    void defaultMoved(Caller caller, AgentId agent, Optional<GroupId> from, Optional<GroupId> to) {
        if (!from.equals(to)) {
            recorder.record(caller, defaultEvent(agent, from, to));
        }
    }

    private static List<NewEvent> joinEvents(Membership membership) {
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("user_id", Change.created(membership.agentId().value()));
        changes.put("group_id", Change.created(membership.groupId().value()));
        changes.put("default", Change.created(membership.isDefault()));
        NewEvent joined = NewEvent.ofMembership(
                EventType.USER_GROUP_MEMBERSHIP_CREATED,
                membership.id().value(),
                membership.agentId(),
                membership.groupId(),
                changes);
        if (!membership.isDefault()) {
            return List.of(joined);
        }
        // a default from the start is the agent's first membership: it had none before
        return List.of(joined, defaultEvent(membership.agentId(), Optional.empty(), Optional.of(membership.groupId())));
    }

    private static NewEvent defaultEvent(AgentId agent, Optional<GroupId> from, Optional<GroupId> to) {
        return new NewEvent(
                EventType.USER_DEFAULT_GROUP_CHANGED,
                agent.value(),
                Optional.empty(),
                Optional.of(agent),
                to.or(() -> from),
                Map.of(
                        "default_group_id",
                        new Change(
                                from.map(GroupId::value).orElse(null),
                                to.map(GroupId::value).orElse(null))));
    }
}
