package io.groupdesk.events;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An event in words, as the audit log's {@code change_description} and the console's history give it: "Name changed
 * from Tier 2 to Tier 2 (EU)", "Added Ada Lovelace to Tier 2", "Default group changed from Tier 1 to Tier 2".
 */
public final class ChangeDescription {
    private ChangeDescription() {}

    /** The names a description uses for the agents and groups an event mentions. */
    public interface Names {
        String agent(AgentId agent);

        String group(GroupId group);
    }

    public static String of(Event event, Names names) {
        Map<String, Change> changes = event.changeMap();
        String agent = event.agent().map(names::agent).orElse("");
        String group = event.group().map(names::group).orElse("");
        return switch (event.type()) {
            case USER_CREATED -> "Created agent " + event.sourceLabel().orElse(agent);
            case USER_DELETED -> "Deleted agent " + event.sourceLabel().orElse(agent);
            case USER_ACTIVE_CHANGED,
                    USER_NAME_CHANGED,
                    USER_EMAIL_CHANGED,
                    USER_ROLE_CHANGED,
                    USER_PROFILE_CHANGED -> fields(changes);
            case USER_SUSPENDED_CHANGED -> Boolean.TRUE.equals(changes.getOrDefault("suspended", new Change(null, null))
                            .to())
                    ? "Suspended"
                    : "Reactivated";
            case USER_PASSWORD_CHANGED -> "Password changed";
            case USER_GROUP_MEMBERSHIP_CREATED -> "Added " + agent + " to " + group;
            case USER_GROUP_MEMBERSHIP_DELETED -> "Removed " + agent + " from " + group;
            case USER_DEFAULT_GROUP_CHANGED -> {
                Change change = changes.getOrDefault("default_group_id", new Change(null, null));
                yield "Default group changed from " + groupName(change.from(), names) + " to "
                        + groupName(change.to(), names);
            }
            case GROUP_CREATED -> "Created group " + event.sourceLabel().orElse(group);
            case GROUP_UPDATED -> fields(changes);
            case GROUP_DELETED -> "Deleted group " + event.sourceLabel().orElse(group);
        };
    }

    private static String groupName(Object id, Names names) {
        return id == null ? "none" : names.group(new GroupId(((Number) id).longValue()));
    }

    /** "Name changed from A to B; Phone set to C; Locale cleared (was D)". */
    private static String fields(Map<String, Change> changes) {
        List<String> parts = new ArrayList<>();
        changes.forEach((field, change) -> {
            String label = label(field);
            if (change.from() == null) {
                parts.add(label + " set to " + change.to());
            } else if (change.to() == null) {
                parts.add(label + " cleared (was " + change.from() + ")");
            } else {
                parts.add(label + " changed from " + change.from() + " to " + change.to());
            }
        });
        return String.join("; ", parts);
    }

    /** {@code time_zone} as "Time zone". */
    private static String label(String field) {
        String words = field.replace('_', ' ');
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }
}
