package io.groupdesk.api.usedesk;

import io.groupdesk.api.FormBody;
import io.groupdesk.api.QueryString;
import io.groupdesk.api.RequestBodies;
import io.groupdesk.shared.Ids;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Usedesk request's parameters, merged from wherever clients put them (reference §2.2): the query string, then a
 * JSON body, a urlencoded form or a multipart form, later sources winning, as a Laravel backend's input() does.
 */
final class UsedeskParams {
    private final Map<String, String> values;

    private UsedeskParams(Map<String, String> values) {
        this.values = values;
    }

    static UsedeskParams of(Context ctx, JsonMapper json) {
        Map<String, String> values = new LinkedHashMap<>();
        for (QueryString.Parameter parameter :
                QueryString.parse(ctx.queryString()).parameters()) {
            values.put(parameter.name(), parameter.value());
        }
        String contentType = String.valueOf(ctx.contentType()).toLowerCase(Locale.ROOT);
        if (contentType.startsWith("application/json")) {
            readJson(utf8(ctx), json, values);
        } else if (contentType.startsWith("application/x-www-form-urlencoded")
                || contentType.startsWith("multipart/form-data")) {
            try {
                FormBody.fields(ctx).forEach((name, list) -> {
                    if (!list.isEmpty()) {
                        values.put(name, list.get(0));
                    }
                });
            } catch (FormBody.UnreadableFormException e) {
                throw new UsedeskRequestException(400, e.getMessage());
            }
        } else if (ctx.bodyAsBytes().length > 0 && looksLikeJson(ctx.bodyAsBytes())) {
            readJson(utf8(ctx), json, values);
        }
        return new UsedeskParams(values);
    }

    private static byte[] utf8(Context ctx) {
        try {
            return RequestBodies.utf8(ctx);
        } catch (RequestBodies.MalformedBodyException e) {
            throw new UsedeskRequestException(400, "The request body is not well-formed UTF-8");
        }
    }

    private static void readJson(byte[] body, JsonMapper json, Map<String, String> values) {
        if (body.length == 0) {
            return;
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new UsedeskRequestException(400, "The request body is not valid JSON");
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return;
        }
        if (!root.isObject()) {
            throw new UsedeskRequestException(400, "The request body must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                values.remove(field.getKey());
            } else if (value.isValueNode()) {
                values.put(field.getKey(), value.asString());
            } else {
                throw new UsedeskRequestException(400, field.getKey() + " must be a single value");
            }
        }
    }

    private static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name)).map(String::strip);
    }

    /** A parameter that must be present and not blank. */
    String required(String name) {
        return get(name)
                .filter(v -> !v.isEmpty())
                .orElseThrow(() -> new UsedeskRequestException(400, "The " + name + " field is required."));
    }

    /** A positive integer parameter, when present. */
    Optional<Long> id(String name) {
        // not stripped: an id has one spelling, and " 1" is not it
        Optional<String> raw = Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        long id = Ids.parse(raw.get())
                .orElseThrow(() -> new UsedeskRequestException(400, "The " + name + " must be a positive integer."));
        return Optional.of(id);
    }

    long requiredId(String name) {
        required(name);
        return id(name).orElseThrow();
    }
}
