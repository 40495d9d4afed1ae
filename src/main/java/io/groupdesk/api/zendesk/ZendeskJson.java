package io.groupdesk.api.zendesk;

import io.groupdesk.api.RequestBodies;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading request bodies and writing responses the way Zendesk clients expect them. */
final class ZendeskJson {
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final String SENT_BODY = "zendesk.sentBody";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final JsonMapper mapper;

    ZendeskJson(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** A JSON object with its keys in the order given: {@code object("error", "X", "description", "Y")}. */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(object);
    }

    void send(Context ctx, int status, Object body) {
        byte[] bytes = mapper.writeValueAsBytes(body);
        ctx.attribute(SENT_BODY, bytes);
        ctx.status(status).contentType(CONTENT_TYPE).result(bytes);
    }

    /** The body {@link #send} last wrote for this request, or none. */
    byte[] sentBody(Context ctx) {
        byte[] bytes = ctx.attribute(SENT_BODY);
        return bytes == null ? new byte[0] : bytes;
    }

    /** The request body as a JSON object; an empty body is an empty object. */
    JsonNode readObject(Context ctx) {
        byte[] body;
        try {
            body = RequestBodies.utf8(ctx);
        } catch (RequestBodies.MalformedBodyException e) {
            throw ZendeskRequestException.badRequest("InvalidJSON", "The request body is not well-formed UTF-8");
        }
        if (body.length == 0) {
            return mapper.createObjectNode();
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw ZendeskRequestException.badRequest("InvalidJSON", "The request body is not valid JSON");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return mapper.createObjectNode();
        }
        if (!root.isObject()) {
            throw ZendeskRequestException.badRequest("InvalidJSON", "The request body must be a JSON object");
        }
        return root;
    }

    /** UTC, to the second, as Zendesk writes timestamps: {@code 2009-07-20T22:55:29Z}. */
    static String timestamp(Instant instant) {
        return instant == null ? null : TIMESTAMP.format(instant);
    }
}
