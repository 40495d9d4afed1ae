package io.groupdesk.events;

import io.groupdesk.shared.AgentId;
import java.time.Instant;
import java.util.Optional;

/**
 * Which events an audit log read covers, and in which order.
 *
 * @param actor the agent that made the change; {@link Actor#system()} for changes the system made
 * @param from only events at or after this time
 * @param to only events at or before this time
 * @param newestFirst whether the newest event comes first (the audit log's default)
 */
public record AuditFilter(
        Optional<SourceType> sourceType,
        Optional<Long> sourceId,
        Optional<Actor> actor,
        Optional<String> ipAddress,
        Optional<Action> action,
        Optional<Instant> from,
        Optional<Instant> to,
        boolean newestFirst) {

    /** Every event, newest first. */
    public static AuditFilter all() {
        return new AuditFilter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                true);
    }

    /** Who made a change: an agent, or the system (bootstrap, import) when {@code agent} is empty. */
    public record Actor(Optional<AgentId> agent) {
        public static Actor system() {
            return new Actor(Optional.empty());
        }

        public static Actor of(AgentId agent) {
            return new Actor(Optional.of(agent));
        }
    }
}
