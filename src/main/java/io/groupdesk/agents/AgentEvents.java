package io.groupdesk.agents;

import io.groupdesk.access.Caller;
import io.groupdesk.events.Change;
import io.groupdesk.events.EventRecorder;
import io.groupdesk.events.EventType;
import io.groupdesk.events.NewEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The events of agent changes, as {@link AgentService} records them in its transactions: Zendesk's user types for
 * the name, email, role and deletion, and Groupdesk's own for suspension, the rest of the profile and a new password
 * (whose value no event holds).
 */
final class AgentEvents {
    /** The fields whose changes have a type of their own; the others are the profile. */
    private static final Map<String, EventType> OWN_TYPES = Map.of(
            "name", EventType.USER_NAME_CHANGED,
            "email", EventType.USER_EMAIL_CHANGED,
            "role", EventType.USER_ROLE_CHANGED,
            "suspended", EventType.USER_SUSPENDED_CHANGED);

    private final EventRecorder recorder;

    AgentEvents(EventRecorder recorder) {
        this.recorder = recorder;
    }

    void created(Caller caller, Agent agent) {
        recorder.record(caller, createdEvent(agent));
    }

    void created(Caller caller, List<Agent> agents) {
        List<NewEvent> events = new ArrayList<>(agents.size());
        agents.forEach(agent -> events.add(createdEvent(agent)));
        recorder.recordAll(caller, events);
    }

    /** An agent changed: one event per kind of change, none when nothing did. */
    void updated(Caller caller, Agent before, Agent after, boolean newPassword) {
        recorder.recordAll(caller, updateEvents(before, after, newPassword));
    }

    void deleted(Caller caller, Agent agent) {
        recorder.recordAll(
                caller,
                List.of(
                        NewEvent.ofAgent(
                                EventType.USER_ACTIVE_CHANGED,
                                agent.id(),
                                agent.name(),
                                Map.of("active", new Change(true, false))),
                        NewEvent.ofAgent(EventType.USER_DELETED, agent.id(), agent.name(), Map.of())));
    }

    static List<NewEvent> updateEvents(Agent before, Agent after, boolean newPassword) {
        Map<String, Change> all = changes(before, after);
        List<NewEvent> events = new ArrayList<>();
        Map<String, Change> profile = new LinkedHashMap<>();
        all.forEach((field, change) -> {
            EventType own = OWN_TYPES.get(field);
            if (own == null) {
                profile.put(field, change);
            } else {
                events.add(NewEvent.ofAgent(own, after.id(), after.name(), Map.of(field, change)));
            }
        });
        if (!profile.isEmpty()) {
            events.add(NewEvent.ofAgent(EventType.USER_PROFILE_CHANGED, after.id(), after.name(), profile));
        }
        if (newPassword) {
            events.add(NewEvent.ofAgent(EventType.USER_PASSWORD_CHANGED, after.id(), after.name(), Map.of()));
        }
        return events;
    }

    private static NewEvent createdEvent(Agent agent) {
        return NewEvent.ofAgent(EventType.USER_CREATED, agent.id(), agent.name(), changes(null, agent));
    }

    /** The fields that differ, each from its value in {@code before} (none: a new agent) to {@code after}. */
    private static Map<String, Change> changes(Agent before, Agent after) {
        Map<String, Change> changes = new LinkedHashMap<>();
        put(changes, "name", before == null ? null : before.name(), after.name());
        put(changes, "email", before == null ? null : before.email(), after.email());
        put(
                changes,
                "role",
                before == null ? null : before.role().key(),
                after.role().key());
        put(changes, "phone", before == null ? null : before.phone(), after.phone());
        put(changes, "position", before == null ? null : before.position(), after.position());
        put(changes, "work_id", before == null ? null : before.workId(), after.workId());
        put(changes, "alias", before == null ? null : before.alias(), after.alias());
        put(changes, "avatar_url", before == null ? null : before.avatarUrl(), after.avatarUrl());
        put(changes, "locale", before == null ? null : before.locale(), after.locale());
        put(changes, "time_zone", before == null ? null : before.timeZone(), after.timeZone());
        put(
                changes,
                "accepts_assignments",
                before == null ? null : before.acceptsAssignments(),
                after.acceptsAssignments());
        put(changes, "skill_level", before == null ? null : before.skillLevel(), after.skillLevel());
        put(changes, "suspended", before == null ? null : before.suspended(), after.suspended());
        return changes;
    }

    private static void put(Map<String, Change> changes, String field, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            changes.put(field, new Change(from, to));
        }
    }
}
