package io.groupdesk.api.zendesk;

import io.groupdesk.credentials.CredentialRepository.TokenInfo;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.ValidationException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * An API token as Zendesk writes it: {@code id, url, description, token, active, created_at}. The secret is written
 * once, in the answer that creates the token; every other answer leaves {@code token} out, since only a digest is
 * stored.
 */
final class ZendeskApiTokenJson {
    private ZendeskApiTokenJson() {}

    /** A listed or shown token: no secret. Only live tokens are answered, so {@code active} is always true. */
    static Map<String, Object> of(TokenInfo token, String base) {
        return body(token.id(), token.description(), Optional.empty(), token.createdAt(), base);
    }

    /** The token just created, with its secret: the only answer that ever holds it. */
    static Map<String, Object> created(TokenInfo token, String secret, String base) {
        return body(token.id(), token.description(), Optional.of(secret), token.createdAt(), base);
    }

    private static Map<String, Object> body(
            long id, String description, Optional<String> secret, Instant createdAt, String base) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("url", url(base, id));
        json.put("description", description == null ? "" : description);
        secret.ifPresent(token -> json.put("token", token));
        json.put("active", true);
        json.put("created_at", ZendeskJson.timestamp(createdAt));
        return json;
    }

    static String url(String base, long id) {
        return base + "/api/v2/api_tokens/" + id + ".json";
    }

    /** The {@code description} of a {@code {"api_token": {...}}} body; absent when the body does not set it. */
    static Optional<String> description(JsonNode body) {
        JsonNode token = body.get("api_token");
        if (token == null || !token.isObject()) {
            throw ValidationException.of(
                    "base", Rule.BLANK, "The request body must wrap the fields: {\"api_token\": {...}}");
        }
        return ZendeskFields.text(token, "description");
    }
}
