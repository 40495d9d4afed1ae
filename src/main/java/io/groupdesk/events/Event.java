package io.groupdesk.events;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import java.time.Instant;
import java.util.Optional;

/**
 * A recorded change event.
 *
 * @param id the event's id in its account: consecutive, in commit order
 * @param actor the agent behind the credential that made the change; empty for the system (bootstrap, import)
 * @param changes the changed fields as a JSON object, each {@code {"from": ..., "to": ...}}
 */
public record Event(
        long id,
        AccountId account,
        EventType type,
        Instant time,
        long sourceId,
        Optional<String> sourceLabel,
        Optional<AgentId> agent,
        Optional<GroupId> group,
        Optional<AgentId> actor,
        Via via,
        Optional<String> requestId,
        Optional<String> clientAddress,
        String changes) {

    public SourceType sourceType() {
        return type.source();
    }

    /** The changed fields, each with its value before and after, in the order they were recorded. */
    public java.util.Map<String, Change> changeMap() {
        return JsonText.parse(changes);
    }
}
