package io.groupdesk.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The audit log's words for an event: what it is about ({@code source_label}) and what changed. */
final class ChangeDescriptions {
    private static final String DEFAULT_GROUP = "default_group_id";

    private ChangeDescriptions() {}

    /**
     * What an event is about: the agent's or group's name the event recorded (else the current one), and for a
     * membership "agent in group" from their current names.
     */
    static String label(EventLogRepository.Named row) {
        Event event = row.event();
        return switch (event.sourceType()) {
            case GROUP_MEMBERSHIP -> row.agentName()
                            .orElse("user " + event.agent().map(a -> a.value()).orElse(0L))
                    + " in "
                    + row.groupName()
                            .orElse("group " + event.group().map(g -> g.value()).orElse(0L));
            case USER -> event.sourceLabel().or(row::agentName).orElse("user " + event.sourceId());
            case GROUP -> event.sourceLabel().or(row::groupName).orElse("group " + event.sourceId());
        };
    }

    /** The ids of the groups the descriptions of these rows name (default group changes). */
    static Set<Long> groupsNamed(Collection<EventLogRepository.Named> rows) {
        Set<Long> ids = new HashSet<>();
        for (EventLogRepository.Named row : rows) {
            if (row.event().type() == EventType.USER_DEFAULT_GROUP_CHANGED) {
                Change change = changes(row.event()).get(DEFAULT_GROUP);
                if (change != null) {
                    addId(ids, change.from());
                    addId(ids, change.to());
                }
            }
        }
        return ids;
    }

    private static void addId(Set<Long> ids, Object value) {
        if (value instanceof Long id) {
            ids.add(id);
        }
    }

    /** The change in a sentence: "Added Ada Lovelace to Tier 2", "Name changed from Tier 2 to Tier 2 (EU)". */
    static String describe(EventLogRepository.Named row, String label, Map<Long, String> groupNames) {
        Event event = row.event();
        String agent = row.agentName()
                .orElse("user " + event.agent().map(a -> a.value()).orElse(0L));
        String group = row.groupName()
                .orElse("group " + event.group().map(g -> g.value()).orElse(0L));
        return switch (event.type()) {
            case USER_CREATED -> "Created user " + label;
            case USER_DELETED -> "Deleted user " + label;
            case GROUP_CREATED -> "Created group " + label;
            case GROUP_DELETED -> "Deleted group " + label;
            case USER_GROUP_MEMBERSHIP_CREATED -> "Added " + agent + " to " + group;
            case USER_GROUP_MEMBERSHIP_DELETED -> "Removed " + agent + " from " + group;
            case USER_PASSWORD_CHANGED -> "Password changed";
            default -> fields(changes(event), groupNames);
        };
    }

    private static String fields(Map<String, Change> changes, Map<Long, String> groupNames) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Change> entry : changes.entrySet()) {
            String field = entry.getKey();
            Change change = entry.getValue();
            Object from = change.from();
            Object to = change.to();
            if (field.equals(DEFAULT_GROUP)) {
                from = groupName(from, groupNames);
                to = groupName(to, groupNames);
            }
            String name = fieldName(field);
            if (from == null && to == null) {
                parts.add(name + " changed");
            } else if (from == null) {
                parts.add(name + " set to " + to);
            } else if (to == null) {
                parts.add(name + " cleared (was " + from + ")");
            } else {
                parts.add(name + " changed from " + from + " to " + to);
            }
        }
        return parts.isEmpty() ? "Updated" : String.join("; ", parts);
    }

    private static Object groupName(Object id, Map<Long, String> groupNames) {
        if (id instanceof Long value) {
            return groupNames.getOrDefault(value, "group " + value);
        }
        return id;
    }

    /** {@code default_group_id} is "Default group", {@code time_zone} "Time zone". */
    private static String fieldName(String field) {
        String words = field.equals(DEFAULT_GROUP) ? "default group" : field.replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static Map<String, Change> changes(Event event) {
        try {
            return ChangesText.read(event.changes());
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }
}
