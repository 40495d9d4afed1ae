package io.groupdesk.webhooks;

import java.util.Map;
import java.util.Optional;

/**
 * Where and how to deliver: a webhook's endpoint with its secrets opened, for the delivering node only.
 *
 * @param webhookId the id sent as {@code X-Zendesk-Webhook-Id}
 */
record Target(
        String webhookId,
        String endpoint,
        String httpMethod,
        Optional<Authentication> authentication,
        Map<String, String> customHeaders,
        String signingSecret) {
    @Override
    public String toString() {
        return "Target[webhookId=" + webhookId + "]";
    }
}
