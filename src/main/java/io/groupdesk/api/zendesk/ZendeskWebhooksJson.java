package io.groupdesk.api.zendesk;

import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.ValidationException;
import io.groupdesk.webhooks.Attempt;
import io.groupdesk.webhooks.Authentication;
import io.groupdesk.webhooks.Invocation;
import io.groupdesk.webhooks.Webhook;
import io.groupdesk.webhooks.WebhookFields;
import io.groupdesk.webhooks.WebhookService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Zendesk's webhook objects (reference §1): a webhook, its signing secret, an invocation, an attempt, a test's answer;
 * and a webhook's fields read from a request. Ids are strings, as Zendesk's are.
 */
final class ZendeskWebhooksJson {
    private ZendeskWebhooksJson() {}

    static Map<String, Object> webhook(Webhook webhook) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", Long.toString(webhook.id()));
        json.put("name", webhook.name());
        json.put("description", webhook.description());
        json.put("endpoint", webhook.endpoint());
        json.put("http_method", webhook.httpMethod());
        json.put("request_format", webhook.requestFormat());
        json.put("status", webhook.status().key());
        json.put(
                "subscriptions",
                webhook.subscriptions().stream().map(t -> t.key()).toList());
        // the data (password, token, key) is write-only
        webhook.authentication()
                .ifPresent(auth -> json.put(
                        "authentication", ZendeskJson.object("type", auth.type().key(), "add_position", "header")));
        json.put("custom_headers", webhook.customHeaders());
        json.put("created_at", ZendeskJson.timestamp(webhook.createdAt()));
        json.put(
                "created_by",
                webhook.createdBy().map(a -> Long.toString(a.value())).orElse(null));
        json.put("updated_at", ZendeskJson.timestamp(webhook.updatedAt()));
        json.put(
                "updated_by",
                webhook.updatedBy().map(a -> Long.toString(a.value())).orElse(null));
        return json;
    }

    static Map<String, Object> signingSecret(String secret) {
        return ZendeskJson.object("signing_secret", ZendeskJson.object("algorithm", "SHA256", "secret", secret));
    }

    static Map<String, Object> invocation(Invocation invocation) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", Long.toString(invocation.id()));
        json.put("event_id", Long.toString(invocation.eventId()));
        json.put("event_type", invocation.eventType().key());
        json.put("status", status(invocation.state()));
        json.put(
                "status_code",
                invocation.lastStatusCode().isPresent()
                        ? invocation.lastStatusCode().getAsInt()
                        : null);
        json.put("attempts", invocation.attempts());
        json.put("created_at", ZendeskJson.timestamp(invocation.createdAt()));
        json.put(
                "latest_completed_at",
                invocation.completedAt().map(ZendeskJson::timestamp).orElse(null));
        json.put(
                "next_attempt_at",
                invocation.state() == Invocation.State.PENDING
                        ? ZendeskJson.timestamp(invocation.nextAttemptAt())
                        : null);
        json.put("webhook_deactivated", invocation.webhookDeactivated());
        return json;
    }

    private static String status(Invocation.State state) {
        return switch (state) {
            case PENDING -> "in_progress";
            case SUCCEEDED -> "success";
            case FAILED -> "failed";
        };
    }

    static Map<String, Object> attempt(Attempt attempt) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", Long.toString(attempt.id()));
        json.put("invocation_id", Long.toString(attempt.invocationId()));
        json.put("status", attempt.outcome() == Attempt.Outcome.SUCCESS ? "success" : "failed");
        json.put("outcome", attempt.outcome().key());
        json.put(
                "status_code",
                attempt.statusCode().isPresent() ? attempt.statusCode().getAsInt() : null);
        json.put("error", attempt.error().orElse(null));
        json.put("started_at", ZendeskJson.timestamp(attempt.attemptedAt()));
        json.put("completed_at", ZendeskJson.timestamp(attempt.completedAt()));
        json.put("duration", attempt.durationMillis());
        return json;
    }

    static Map<String, Object> testResult(WebhookService.TestResult result) {
        List<Map<String, Object>> headers = new ArrayList<>();
        result.headers().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                values.forEach(value -> headers.add(ZendeskJson.object("key", name, "value", value)));
            }
        });
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("headers", headers);
        response.put("body", result.body());
        response.put(
                "status", result.statusCode().isPresent() ? result.statusCode().getAsInt() : null);
        result.error().ifPresent(error -> response.put("error", error));
        return ZendeskJson.object("response", response);
    }

    /** The {@code webhook} object of a request body. */
    static JsonNode wrapped(JsonNode body) {
        JsonNode webhook = body.get("webhook");
        if (webhook == null || !webhook.isObject()) {
            throw ValidationException.of(
                    "base", Rule.BLANK, "The request body must wrap the webhook's fields: {\"webhook\": {...}}");
        }
        return webhook;
    }

    /**
     * The fields a request gives. With {@code replace} (PUT) an absent optional field is reset (description,
     * subscriptions, authentication, custom headers); otherwise (POST, PATCH) it is left as it is.
     */
    static WebhookFields fields(JsonNode webhook, boolean replace) {
        return new WebhookFields(
                text(webhook, "name"),
                nullableText(webhook, "description", replace),
                text(webhook, "endpoint"),
                text(webhook, "http_method"),
                text(webhook, "request_format"),
                text(webhook, "status"),
                subscriptions(webhook, replace),
                authentication(webhook, replace),
                customHeaders(webhook, replace));
    }

    private static Optional<String> text(JsonNode webhook, String field) {
        JsonNode value = webhook.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw ValidationException.of(field, Rule.INVALID, "must be a string");
        }
        return Optional.of(value.asString());
    }

    private static Optional<String> nullableText(JsonNode webhook, String field, boolean replace) {
        JsonNode value = webhook.get(field);
        if (value == null) {
            return replace ? Optional.of("") : Optional.empty();
        }
        if (value.isNull()) {
            return Optional.of("");
        }
        return text(webhook, field);
    }

    private static Optional<List<String>> subscriptions(JsonNode webhook, boolean replace) {
        JsonNode value = webhook.get("subscriptions");
        if (value == null || value.isNull()) {
            return value == null && !replace ? Optional.empty() : Optional.of(List.of());
        }
        if (!value.isArray()) {
            throw ValidationException.of("subscriptions", Rule.INVALID, "must be an array of event type names");
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode key : value) {
            if (!key.isString()) {
                throw ValidationException.of("subscriptions", Rule.INVALID, "must be an array of event type names");
            }
            keys.add(key.asString());
        }
        return Optional.of(keys);
    }

    private static Optional<Optional<Authentication>> authentication(JsonNode webhook, boolean replace) {
        JsonNode value = webhook.get("authentication");
        if (value == null) {
            return replace ? Optional.of(Optional.empty()) : Optional.empty();
        }
        if (value.isNull()) {
            return Optional.of(Optional.empty());
        }
        if (!value.isObject()) {
            throw ValidationException.of("authentication", Rule.INVALID, "must be an object with a type and data");
        }
        JsonNode typeNode = value.get("type");
        Authentication.Type type = typeNode != null && typeNode.isString()
                ? Authentication.Type.ofKey(typeNode.asString()).orElseThrow(() -> unknownAuthentication())
                : null;
        if (type == null) {
            throw unknownAuthentication();
        }
        JsonNode position = value.get("add_position");
        if (position != null && !position.isNull() && !"header".equals(position.asString(""))) {
            throw ValidationException.of("authentication", Rule.INVALID, "add_position must be header");
        }
        JsonNode data = value.get("data");
        if (data == null || data.isNull()) {
            return Optional.of(Optional.of(new Authentication(type, null, null)));
        }
        if (!data.isObject()) {
            throw ValidationException.of("authentication", Rule.INVALID, "data must be an object");
        }
        return Optional.of(Optional.of(
                switch (type) {
                    case BASIC_AUTH -> new Authentication(type, dataText(data, "username"), dataText(data, "password"));
                    case BEARER_TOKEN -> new Authentication(type, null, dataText(data, "token"));
                    case API_KEY -> new Authentication(type, dataText(data, "name"), dataText(data, "value"));
                }));
    }

    private static ValidationException unknownAuthentication() {
        return ValidationException.of(
                "authentication", Rule.INVALID, "type must be basic_auth, bearer_token or api_key");
    }

    /** A field of authentication data: a string, or empty text (which the core refuses) when missing. */
    private static String dataText(JsonNode data, String field) {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isString()) {
            throw ValidationException.of("authentication", Rule.INVALID, "data." + field + " must be a string");
        }
        return value.asString();
    }

    private static Optional<Map<String, String>> customHeaders(JsonNode webhook, boolean replace) {
        JsonNode value = webhook.get("custom_headers");
        if (value == null || value.isNull()) {
            return value == null && !replace ? Optional.empty() : Optional.of(Map.of());
        }
        if (!value.isObject()) {
            throw ValidationException.of("custom_headers", Rule.INVALID, "must be an object of header names to values");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> header : value.properties()) {
            if (!header.getValue().isString()) {
                throw ValidationException.of("custom_headers", Rule.INVALID, "values must be strings");
            }
            headers.put(header.getKey(), header.getValue().asString());
        }
        return Optional.of(headers);
    }
}
