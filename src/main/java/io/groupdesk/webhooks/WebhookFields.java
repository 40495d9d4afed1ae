package io.groupdesk.webhooks;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a create or a change says of a webhook; an empty field is left as it is (a create gives every required one).
 *
 * @param subscriptions event type keys, checked by the service
 * @param authentication empty to leave it; a present empty to remove it; an {@link Authentication} without a secret
 *     keeps the stored secret when the type is the same
 */
public record WebhookFields(
        Optional<String> name,
        Optional<String> description,
        Optional<String> endpoint,
        Optional<String> httpMethod,
        Optional<String> requestFormat,
        Optional<String> status,
        Optional<List<String>> subscriptions,
        Optional<Optional<Authentication>> authentication,
        Optional<Map<String, String>> customHeaders) {

    /** A change of nothing. */
    public static WebhookFields none() {
        return new WebhookFields(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    public WebhookFields withStatus(String value) {
        return new WebhookFields(
                name,
                description,
                endpoint,
                httpMethod,
                requestFormat,
                Optional.of(value),
                subscriptions,
                authentication,
                customHeaders);
    }
}
