package io.groupdesk.webhooks;

import io.groupdesk.events.EventType;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One event to deliver to one webhook, and how its delivery stands.
 *
 * @param attempts the attempts made so far
 * @param nextAttemptAt when the next attempt is due, while pending
 * @param lastStatusCode the status code of the last attempt that got an answer
 * @param webhookDeactivated whether its last attempt failing deactivated the webhook
 */
public record Invocation(
        long id,
        long webhookId,
        long eventId,
        EventType eventType,
        State state,
        int attempts,
        Instant nextAttemptAt,
        OptionalInt lastStatusCode,
        boolean webhookDeactivated,
        Instant createdAt,
        Optional<Instant> completedAt) {

    /** Where a delivery stands. */
    public enum State {
        PENDING,
        SUCCEEDED,
        FAILED;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State ofKey(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }
    }
}
