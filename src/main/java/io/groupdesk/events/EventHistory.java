package io.groupdesk.events;

import io.groupdesk.access.Caller;
import io.groupdesk.access.Permission;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What happened to one group or one agent, newest first: the events about it and about its memberships. Admins only
 * ({@link Permission#READ_EVENTS}): an event names who made the change and from where.
 */
public final class EventHistory {
    /** The most events one page holds. */
    public static final int MAX_PAGE = 100;

    private final EventRepository events;
    private final EventSequencer sequencer;

    public EventHistory(EventRepository events, EventSequencer sequencer) {
        this.events = events;
        this.sequencer = sequencer;
    }

    /** A page of history, newest first; {@code olderThan} continues a page from its last event's id. */
    public record Page(List<Event> events, OptionalLong olderThan) {}

    /** The events of a group and of its memberships. */
    public Page ofGroup(Caller caller, GroupId group, OptionalLong before, int size) {
        caller.require(Permission.READ_EVENTS);
        return page(caller, Optional.empty(), Optional.of(group), before, size);
    }

    /** The events of an agent and of its memberships. */
    public Page ofAgent(Caller caller, AgentId agent, OptionalLong before, int size) {
        caller.require(Permission.READ_EVENTS);
        return page(caller, Optional.of(agent), Optional.empty(), before, size);
    }

    private Page page(Caller caller, Optional<AgentId> agent, Optional<GroupId> group, OptionalLong before, int size) {
        int limit = Math.max(1, Math.min(size, MAX_PAGE));
        sequencer.sequence(caller.account()); // the caller's own changes are in its history
        List<Event> found = events.concerning(caller.account(), agent, group, before.orElse(Long.MAX_VALUE), limit + 1);
        if (found.size() <= limit) {
            return new Page(found, OptionalLong.empty());
        }
        List<Event> page = found.subList(0, limit);
        return new Page(List.copyOf(page), OptionalLong.of(page.get(limit - 1).id()));
    }
}
