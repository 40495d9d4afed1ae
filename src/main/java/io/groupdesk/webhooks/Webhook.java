package io.groupdesk.webhooks;

import io.groupdesk.events.EventType;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A webhook of an account, as an admin sees it: never its signing secret nor its authentication's secret.
 *
 * @param subscriptions the event types it gets, in the order given
 * @param customHeaders headers added to every delivery, in the order given
 */
public record Webhook(
        long id,
        AccountId account,
        String name,
        String description,
        String endpoint,
        String httpMethod,
        String requestFormat,
        Status status,
        List<EventType> subscriptions,
        Optional<Authentication> authentication,
        Map<String, String> customHeaders,
        Instant createdAt,
        Optional<AgentId> createdBy,
        Instant updatedAt,
        Optional<AgentId> updatedBy) {

    /** Whether a webhook gets deliveries. */
    public enum Status {
        ACTIVE,
        INACTIVE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Status> ofKey(String key) {
            for (Status status : values()) {
                if (status.key().equals(key)) {
                    return Optional.of(status);
                }
            }
            return Optional.empty();
        }
    }
}
