package io.groupdesk.api.zendesk;

import io.groupdesk.api.RequestBodies;
import io.groupdesk.observability.RequestIds;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.GroupdeskException;
import io.groupdesk.shared.PreconditionFailedException;
import io.groupdesk.shared.TooManyRequestsException;
import io.groupdesk.shared.ValidationException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that decides the Zendesk status code and body for every failure. */
final class ZendeskErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ZendeskErrorMapper.class);
    static final Map<String, Object> UNAUTHENTICATED = ZendeskJson.object("error", "Couldn't authenticate you");
    static final Map<String, Object> FORBIDDEN = ZendeskJson.object(
            "error",
            ZendeskJson.object(
                    "title",
                    "Forbidden",
                    "message",
                    "You do not have access to this page. Please contact the account owner of this help desk for"
                            + " further help."));
    static final Map<String, Object> NOT_FOUND =
            ZendeskJson.object("error", "RecordNotFound", "description", "Not found");

    private final ZendeskJson json;

    ZendeskErrorMapper(ZendeskJson json) {
        this.json = json;
    }

    void render(Context ctx, Exception thrown) {
        Exception failure = RequestBodies.refusal(thrown); // a body that could not be read is the client's 400
        if (failure instanceof GroupdeskException core) {
            render(ctx, core);
        } else if (failure instanceof ZendeskRequestException request) {
            json.send(ctx, request.status(), request.body());
        } else if (failure instanceof HttpResponseException http) {
            // the server's own refusals, such as a body over the size limit (413)
            json.send(
                    ctx,
                    http.getStatus(),
                    ZendeskJson.object("error", "InvalidRequest", "description", http.getMessage()));
        } else {
            String id = RequestIds.of(ctx);
            log.error("unhandled failure {} on {} {}", id, ctx.method(), ctx.path(), failure);
            json.send(
                    ctx,
                    500,
                    ZendeskJson.object("error", "InternalError", "description", "Something went wrong", "id", id));
        }
    }

    /** Every core failure, by its code: a code without an answer here does not compile. */
    private void render(Context ctx, GroupdeskException failure) {
        Answer answer =
                switch (failure.code()) {
                    case UNAUTHENTICATED -> {
                        ctx.header("WWW-Authenticate", "Basic realm=\"Web Password\"");
                        yield new Answer(401, UNAUTHENTICATED);
                    }
                    case TOO_MANY_REQUESTS -> {
                        long retryAfter = ((TooManyRequestsException) failure).retryAfterSeconds();
                        ctx.header("Retry-After", Long.toString(retryAfter));
                        yield new Answer(
                                429,
                                ZendeskJson.object(
                                        "error",
                                        "TooManyRequests",
                                        "description",
                                        "Rate limit exceeded, please wait " + retryAfter + " seconds"));
                    }
                    case FORBIDDEN -> new Answer(403, FORBIDDEN);
                    case NOT_FOUND -> new Answer(404, NOT_FOUND);
                    case VALIDATION_FAILED -> new Answer(
                            422, recordInvalid(((ValidationException) failure).violations()));
                    case CONFLICT -> new Answer(422, recordInvalid(List.of(((ConflictException) failure).violation())));
                    case PRECONDITION_FAILED -> new Answer(
                            412, preconditionFailed(((PreconditionFailedException) failure).resource()));
                };
        json.send(ctx, answer.status(), answer.body());
    }

    private record Answer(int status, Map<String, Object> body) {}

    static Map<String, Object> preconditionFailed(String resource) {
        String record =
                resource.equals("agent") ? "user" : resource.equals("membership") ? "group membership" : resource;
        return ZendeskJson.object(
                "error",
                "PreconditionFailed",
                "description",
                "The " + record + " has changed since it was read (If-Match does not match its ETag); read it again");
    }

    static Map<String, Object> recordInvalid(List<FieldViolation> violations) {
        Map<String, List<Map<String, Object>>> details = new LinkedHashMap<>();
        for (FieldViolation violation : violations) {
            String field = wireField(violation.field());
            details.computeIfAbsent(field, f -> new ArrayList<>())
                    .add(ZendeskJson.object(
                            "description", describe(field, violation.message()), "error", errorCode(violation.rule())));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "RecordInvalid");
        body.put("description", "Record validation errors");
        body.put("details", details);
        return body;
    }

    private static String wireField(String coreField) {
        return switch (coreField) {
            case "public" -> "is_public";
            case "group" -> "group_id";
            case "agent" -> "user_id";
            default -> coreField;
        };
    }

    private static String describe(String field, String message) {
        if (field.equals("base")) {
            return message;
        }
        String label =
                Character.toUpperCase(field.charAt(0)) + field.substring(1).replace('_', ' ');
        return label + ": " + message;
    }

    private static String errorCode(FieldViolation.Rule rule) {
        return switch (rule) {
            case BLANK -> "BlankValue";
            case TAKEN -> "DuplicateValue";
            case TOO_LONG -> "TooLong";
            case INVALID, IMMUTABLE -> "InvalidValue";
        };
    }
}
