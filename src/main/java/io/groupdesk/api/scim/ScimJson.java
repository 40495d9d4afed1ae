package io.groupdesk.api.scim;

import io.groupdesk.api.RequestBodies;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** SCIM's wire format: {@code application/scim+json} bodies, read into and written from plain maps and lists. */
final class ScimJson {
    static final String CONTENT_TYPE = "application/scim+json; charset=utf-8";

    private final JsonMapper mapper;

    ScimJson(JsonMapper mapper) {
        this.mapper = mapper;
    }

    void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType(CONTENT_TYPE).result(mapper.writeValueAsBytes(body));
    }

    /** The request body as a JSON object (SCIM clients send {@code application/scim+json} or plain JSON). */
    @SuppressWarnings("unchecked")
    Map<String, Object> readObject(Context ctx) {
        byte[] body;
        try {
            body = RequestBodies.utf8(ctx);
        } catch (RequestBodies.MalformedBodyException e) {
            throw ScimRequestException.invalidSyntax("The request body is not well-formed UTF-8");
        }
        if (body.length == 0) {
            throw ScimRequestException.invalidSyntax("The request needs a JSON object as its body");
        }
        Object root;
        try {
            root = mapper.readValue(body, Object.class);
        } catch (JacksonException e) {
            throw ScimRequestException.invalidSyntax("The request body is not valid JSON");
        }
        if (!(root instanceof Map<?, ?> object)) {
            throw ScimRequestException.invalidSyntax("The request body must be a JSON object");
        }
        return new LinkedHashMap<>((Map<String, Object>) object);
    }
}
