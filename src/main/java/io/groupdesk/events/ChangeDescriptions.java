package io.groupdesk.events;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import java.util.Collection;
import java.util.HashSet;
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
        if (value instanceof Number id) {
            ids.add(id.longValue());
        }
    }

    /**
     * The change in a sentence ({@link ChangeDescription}), naming the event's agent and group by the row's current
     * names and other groups (a default group's before and after) from {@code groupNames}.
     */
    static String describe(EventLogRepository.Named row, Map<Long, String> groupNames) {
        Event event = row.event();
        return ChangeDescription.of(event, new ChangeDescription.Names() {
            @Override
            public String agent(AgentId agent) {
                return event.agent()
                        .filter(agent::equals)
                        .flatMap(a -> row.agentName())
                        .orElse("user " + agent.value());
            }

            @Override
            public String group(GroupId group) {
                if (event.group().filter(group::equals).isPresent()
                        && row.groupName().isPresent()) {
                    return row.groupName().get();
                }
                return groupNames.getOrDefault(group.value(), "group " + group.value());
            }
        });
    }

    private static Map<String, Change> changes(Event event) {
        try {
            return JsonText.parse(event.changes());
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }
}
