package io.groupdesk.groups;

import io.groupdesk.access.Caller;
import io.groupdesk.events.Change;
import io.groupdesk.events.EventRecorder;
import io.groupdesk.events.EventType;
import io.groupdesk.events.NewEvent;
import io.groupdesk.shared.WeeklyHours;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The events of group changes, as {@link GroupService} records them in its transactions. */
final class GroupEvents {
    private final EventRecorder recorder;

    GroupEvents(EventRecorder recorder) {
        this.recorder = recorder;
    }

    void created(Caller caller, Group group) {
        recorder.record(caller, createdEvent(group));
    }

    void created(Caller caller, List<Group> groups) {
        List<NewEvent> events = new ArrayList<>(groups.size());
        groups.forEach(group -> events.add(createdEvent(group)));
        recorder.recordAll(caller, events);
    }

    /** A group changed; nothing is recorded when no field did. */
    void updated(Caller caller, Group before, Group after) {
        Map<String, Change> changes = changes(before, after);
        if (!changes.isEmpty()) {
            recorder.record(caller, NewEvent.ofGroup(EventType.GROUP_UPDATED, after.id(), after.name(), changes));
        }
    }

    void deleted(Caller caller, Group group) {
        recorder.record(
                caller,
                NewEvent.ofGroup(
                        EventType.GROUP_DELETED, group.id(), group.name(), Map.of("deleted", new Change(false, true))));
    }

    private static NewEvent createdEvent(Group group) {
        Map<String, Change> changes = changes(null, group);
        return NewEvent.ofGroup(EventType.GROUP_CREATED, group.id(), group.name(), changes);
    }

    /** The fields that differ, each from its value in {@code before} (none: a new group) to {@code after}. */
    private static Map<String, Change> changes(Group before, Group after) {
        Map<String, Change> changes = new LinkedHashMap<>();
        put(changes, "name", before == null ? null : before.name(), after.name());
        put(changes, "description", before == null ? null : before.description(), after.description());
        put(changes, "is_public", before == null ? null : before.isPublic(), after.isPublic());
        if (before == null && after.isDefault()) {
            changes.put("default", Change.created(true));
        }
        put(changes, "time_zone", before == null ? null : before.timeZone(), after.timeZone());
        put(
                changes,
                "working_hours",
                before == null ? null : hours(before.workingHours()),
                hours(after.workingHours()));
        return changes;
    }

    private static String hours(WeeklyHours hours) {
        return hours == null || hours.isEmpty() ? null : hours.format();
    }

    private static void put(Map<String, Change> changes, String field, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            changes.put(field, new Change(from, to));
        }
    }
}
