package io.groupdesk.api.udesk;

import io.groupdesk.api.RequestBodies;
import io.groupdesk.observability.RequestIds;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.GroupdeskException;
import io.groupdesk.shared.TooManyRequestsException;
import io.groupdesk.shared.ValidationException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that decides Udesk's answer to every failure: HTTP 200 with a business code, as Udesk answers
 * (reference §1.5), carrying both {@code message} and {@code code_message} and the detail in {@code exception}.
 */
final class UdeskErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(UdeskErrorMapper.class);

    private final JsonMapper json;

    UdeskErrorMapper(JsonMapper json) {
        this.json = json;
    }

    void render(Context ctx, Exception thrown) {
        Exception failure = RequestBodies.refusal(thrown); // a body that could not be read is the client's 400
        if (failure instanceof UdeskException udesk) {
            send(ctx, udesk.code(), udesk.codeMessage(), udesk.getMessage());
        } else if (failure instanceof GroupdeskException core) {
            render(ctx, core);
        } else if (failure instanceof HttpResponseException http) {
            send(ctx, UdeskException.UNKNOWN, "Unknown error", http.getMessage());
        } else {
            String id = RequestIds.of(ctx);
            log.error("unhandled failure {} on {} {}", id, ctx.method(), ctx.path(), failure);
            send(ctx, UdeskException.UNKNOWN, "Unknown error", "Something went wrong (error id " + id + ")");
        }
    }

    /** Every core failure, by its code: a code without an answer here does not compile. */
    private void render(Context ctx, GroupdeskException failure) {
        Answer answer =
                switch (failure.code()) {
                    case UNAUTHENTICATED -> new Answer(
                            200, UdeskException.BAD_SIGNATURE, "open api签名不对", "the signature does not match");
                    case TOO_MANY_REQUESTS -> {
                        // HTTP 429, not 200: clients retry on 429 and Retry-After; the envelope says the same in
                        // Udesk's
                        // terms
                        long retryAfter = ((TooManyRequestsException) failure).retryAfterSeconds();
                        ctx.header("Retry-After", Long.toString(retryAfter));
                        yield new Answer(
                                429,
                                UdeskException.TOO_MANY_REQUESTS,
                                "请求过于频繁",
                                "too many requests; retry after " + retryAfter + " seconds");
                    }
                    case FORBIDDEN -> new Answer(
                            200, UdeskException.NOT_ADMIN, "不是管理员", "the caller is not an administrator");
                    case NOT_FOUND -> new Answer(
                            200, UdeskException.NOT_FOUND, "Resource not found", failure.getMessage());
                    case VALIDATION_FAILED -> new Answer(
                            200,
                            UdeskException.UNKNOWN,
                            "Unknown error",
                            "Validation failed: "
                                    + ((ValidationException) failure)
                                            .violations().stream()
                                                    .map(UdeskErrorMapper::sentence)
                                                    .collect(Collectors.joining(", ")));
                    case CONFLICT -> new Answer(
                            200,
                            UdeskException.UNKNOWN,
                            "Unknown error",
                            "Validation failed: " + sentence(((ConflictException) failure).violation()));
                    case PRECONDITION_FAILED -> new Answer(
                            200, UdeskException.UNKNOWN, "Unknown error", failure.getMessage());
                };
        send(ctx, answer.status(), answer.code(), answer.codeMessage(), answer.detail());
    }

    /** An answer in Udesk's envelope: its HTTP status, business code, code message and detail. */
    private record Answer(int status, int code, String codeMessage, String detail) {}

    private static String sentence(FieldViolation violation) {
        if (violation.field().equals("base")) {
            return violation.message();
        }
        String field =
                switch (violation.field()) {
                    case "name" -> "Group name";
                    case "agent" -> "Agent";
                    case "group" -> "User group";
                    default -> violation.field();
                };
        return field + " " + violation.message();
    }

    private void send(Context ctx, int code, String codeMessage, String detail) {
        send(ctx, 200, code, codeMessage, detail);
    }

    private void send(Context ctx, int status, int code, String codeMessage, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", codeMessage);
        body.put("code_message", codeMessage);
        body.put("exception", Map.of("message", detail));
        ctx.status(status).contentType("application/json; charset=utf-8").result(json.writeValueAsBytes(body));
    }
}
