package io.groupdesk.api.usedesk;

import io.groupdesk.api.RequestBodies;
import io.groupdesk.observability.RequestIds;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.GroupdeskException;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.TooManyRequestsException;
import io.groupdesk.shared.ValidationException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** The one place that decides the Usedesk status and {@code {"error": "…"}} body for every failure. */
final class UsedeskErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(UsedeskErrorMapper.class);

    private final JsonMapper json;

    UsedeskErrorMapper(JsonMapper json) {
        this.json = json;
    }

    void render(Context ctx, Exception thrown) {
        Exception failure = RequestBodies.refusal(thrown); // a body that could not be read is the client's 400
        if (failure instanceof GroupdeskException core) {
            render(ctx, core);
        } else if (failure instanceof UsedeskRequestException request) {
            send(ctx, request.status(), request.getMessage());
        } else if (failure instanceof HttpResponseException http) {
            send(ctx, http.getStatus(), http.getMessage());
        } else {
            String id = RequestIds.of(ctx);
            log.error("unhandled failure {} on {} {}", id, ctx.method(), ctx.path(), failure);
            send(ctx, 500, "Something went wrong (error id " + id + ")");
        }
    }

    /** Every core failure, by its code: a code without an answer here does not compile. */
    private void render(Context ctx, GroupdeskException failure) {
        Answer answer =
                switch (failure.code()) {
                    case UNAUTHENTICATED -> new Answer(401, "Invalid api_token");
                    case TOO_MANY_REQUESTS -> {
                        long retryAfter = ((TooManyRequestsException) failure).retryAfterSeconds();
                        ctx.header("Retry-After", Long.toString(retryAfter));
                        yield new Answer(429, "Too many requests, retry in " + retryAfter + " seconds");
                    }
                    case FORBIDDEN -> new Answer(403, "This api_token may not change agents");
                    case NOT_FOUND -> new Answer(
                            404, "Not found: " + UsedeskJson.resourceName(((NotFoundException) failure).resource()));
                    case VALIDATION_FAILED -> new Answer(
                            400,
                            ((ValidationException) failure)
                                    .violations().stream()
                                            .map(UsedeskErrorMapper::sentence)
                                            .collect(Collectors.joining(" ")));
                    case CONFLICT -> new Answer(400, sentence(((ConflictException) failure).violation()));
                    case PRECONDITION_FAILED -> new Answer(409, "The record has changed since it was read.");
                };
        send(ctx, answer.status(), answer.error());
    }

    private record Answer(int status, String error) {}

    private static String sentence(FieldViolation violation) {
        if (violation.field().equals("base")) {
            return violation.message();
        }
        String field =
                switch (violation.field()) {
                    case "agent" -> "user_id";
                    case "group" -> "group";
                    default -> violation.field();
                };
        return "The " + field + " " + violation.message() + (violation.message().endsWith(".") ? "" : ".");
    }

    private void send(Context ctx, int status, String message) {
        ctx.status(status)
                .contentType("application/json; charset=utf-8")
                .result(json.writeValueAsBytes(Map.of("error", message)));
    }
}
