package io.groupdesk.events;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An event as the core service that made the change describes it; the recorder adds the id, time, actor and origin.
 *
 * @param sourceId the id of what it is about: an agent, a group or a membership, by {@code type.source()}
 * @param sourceLabel what to call the source in the audit log (an agent's or a group's name), when known
 * @param agent the agent it concerns (the agent itself, or a membership's agent)
 * @param group the group it concerns (the group itself, or a membership's group)
 * @param changes each changed field, in order, with its value before and after
 */
public record NewEvent(
        EventType type,
        long sourceId,
        Optional<String> sourceLabel,
        Optional<AgentId> agent,
        Optional<GroupId> group,
        Map<String, Change> changes) {

    public NewEvent {
        changes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }

    /** An event about an agent. */
    public static NewEvent ofAgent(EventType type, AgentId agent, String name, Map<String, Change> changes) {
        return new NewEvent(
                type, agent.value(), Optional.ofNullable(name), Optional.of(agent), Optional.empty(), changes);
    }

    /** An event about a group. */
    public static NewEvent ofGroup(EventType type, GroupId group, String name, Map<String, Change> changes) {
        return new NewEvent(
                type, group.value(), Optional.ofNullable(name), Optional.empty(), Optional.of(group), changes);
    }

    /** An event about a membership: it concerns both its agent and its group. */
    public static NewEvent ofMembership(
            EventType type, long membership, AgentId agent, GroupId group, Map<String, Change> changes) {
        return new NewEvent(type, membership, Optional.empty(), Optional.of(agent), Optional.of(group), changes);
    }
}
