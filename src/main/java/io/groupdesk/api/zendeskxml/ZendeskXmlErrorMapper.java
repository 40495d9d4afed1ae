package io.groupdesk.api.zendeskxml;

import io.groupdesk.api.RequestBodies;
import io.groupdesk.observability.RequestIds;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.GroupdeskException;
import io.groupdesk.shared.TooManyRequestsException;
import io.groupdesk.shared.ValidationException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that decides the classic API's status and body for every failure: Rails'
 * {@code <errors><error>Name can't be blank</error></errors>} on {@code .xml} paths, {@code {"errors": [...]}} on
 * {@code .json} paths.
 */
final class ZendeskXmlErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ZendeskXmlErrorMapper.class);

    private final JsonMapper json;

    ZendeskXmlErrorMapper(JsonMapper json) {
        this.json = json;
    }

    void render(Context ctx, Exception thrown) {
        Exception failure = RequestBodies.refusal(thrown); // a body that could not be read is the client's 400
        if (failure instanceof GroupdeskException core) {
            render(ctx, core);
        } else if (failure instanceof ZendeskXmlRequestException request) {
            send(ctx, 400, List.of(request.getMessage()));
        } else if (failure instanceof HttpResponseException http) {
            send(ctx, http.getStatus(), List.of(http.getMessage()));
        } else {
            String id = RequestIds.of(ctx);
            log.error("unhandled failure {} on {} {}", id, ctx.method(), ctx.path(), failure);
            send(ctx, 500, List.of("Something went wrong (error id " + id + ")"));
        }
    }

    /** Every core failure, by its code: a code without an answer here does not compile. */
    private void render(Context ctx, GroupdeskException failure) {
        Answer answer =
                switch (failure.code()) {
                    case UNAUTHENTICATED -> {
                        ctx.header("WWW-Authenticate", "Basic realm=\"Web Password\"");
                        yield new Answer(401, List.of("Couldn't authenticate you"));
                    }
                    case TOO_MANY_REQUESTS -> {
                        long retryAfter = ((TooManyRequestsException) failure).retryAfterSeconds();
                        ctx.header("Retry-After", Long.toString(retryAfter));
                        yield new Answer(429, List.of("Rate limit exceeded, please wait " + retryAfter + " seconds"));
                    }
                    case FORBIDDEN -> new Answer(403, List.of("You do not have access to this page"));
                    case NOT_FOUND -> new Answer(404, List.of("Not found"));
                    case VALIDATION_FAILED -> new Answer(
                            422,
                            ((ValidationException) failure)
                                    .violations().stream()
                                            .map(ZendeskXmlErrorMapper::sentence)
                                            .toList());
                    case CONFLICT -> new Answer(422, List.of(sentence(((ConflictException) failure).violation())));
                    case PRECONDITION_FAILED -> new Answer(412, List.of("The record has changed since it was read"));
                };
        send(ctx, answer.status(), answer.errors());
    }

    private record Answer(int status, List<String> errors) {}

    /** Rails' full message: "Name can't be blank", "Name has already been taken". */
    static String sentence(FieldViolation violation) {
        String message =
                switch (violation.rule()) {
                    case BLANK -> "can't be blank";
                    case TAKEN -> "has already been taken";
                    default -> violation.message();
                };
        if (violation.field().equals("base")) {
            return violation.rule() == FieldViolation.Rule.BLANK ? violation.message() : message;
        }
        String field = violation.field().equals("agent") ? "agents" : violation.field();
        return Character.toUpperCase(field.charAt(0)) + field.substring(1).replace('_', ' ') + " " + message;
    }

    private void send(Context ctx, int status, List<String> errors) {
        if (ctx.path().endsWith(".json")) {
            ctx.status(status)
                    .contentType("application/json; charset=utf-8")
                    .result(json.writeValueAsBytes(Map.of("errors", errors)));
            return;
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors>\n");
        errors.forEach(
                error -> xml.append("  <error>").append(RailsXml.escape(error)).append("</error>\n"));
        xml.append("</errors>\n");
        ctx.status(status).contentType("application/xml; charset=utf-8").result(xml.toString());
    }
}
