package io.groupdesk.api.scim;

import io.groupdesk.api.RequestBodies;
import io.groupdesk.observability.RequestIds;
import io.groupdesk.scim.ScimErrors;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.GroupdeskException;
import io.groupdesk.shared.TooManyRequestsException;
import io.groupdesk.shared.ValidationException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that decides the status and the SCIM error (RFC 7644 §3.12) of every failure. */
final class ScimErrorMapper {
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final Logger log = LoggerFactory.getLogger(ScimErrorMapper.class);

    private final ScimJson json;

    ScimErrorMapper(ScimJson json) {
        this.json = json;
    }

    void render(Context ctx, Exception thrown) {
        Exception failure = RequestBodies.refusal(thrown);
        if (failure instanceof GroupdeskException core) {
            render(ctx, core);
        } else if (failure instanceof ScimRequestException request) {
            send(ctx, request.status(), request.scimType(), request.getMessage());
        } else if (failure instanceof HttpResponseException http) {
            send(ctx, http.getStatus(), null, http.getMessage());
        } else {
            String id = RequestIds.of(ctx);
            log.error("unhandled failure {} on {} {}", id, ctx.method(), ctx.path(), failure);
            send(ctx, 500, null, "Something went wrong (error id " + id + ")");
        }
    }

    /** Every core failure, by its code: a code without an answer here does not compile. */
    private void render(Context ctx, GroupdeskException failure) {
        switch (failure.code()) {
            case UNAUTHENTICATED -> {
                ctx.header("WWW-Authenticate", "Bearer realm=\"SCIM\"");
                send(ctx, 401, null, "Authentication with an administrator's API token (Bearer) is required");
            }
            case TOO_MANY_REQUESTS -> {
                long retryAfter = ((TooManyRequestsException) failure).retryAfterSeconds();
                ctx.header("Retry-After", Long.toString(retryAfter));
                send(ctx, 429, null, "Too many requests; retry after " + retryAfter + " seconds");
            }
            case FORBIDDEN -> send(ctx, 403, null, forbidden(failure));
            case NOT_FOUND -> send(ctx, 404, null, "Resource not found");
            case VALIDATION_FAILED -> {
                List<FieldViolation> violations = ((ValidationException) failure).violations();
                send(ctx, 400, scimType(violations.get(0)), describe(violations));
            }
            case CONFLICT -> send(ctx, 409, "uniqueness", describe(List.of(((ConflictException) failure).violation())));
            case PRECONDITION_FAILED -> send(
                    ctx, 412, null, "The resource has changed since the version in If-Match; read it again");
        }
    }

    private static String forbidden(GroupdeskException failure) {
        String message = failure.getMessage();
        return message != null && message.startsWith("An administrator")
                ? message
                : "SCIM provisioning needs an administrator's API token";
    }

    private static String scimType(FieldViolation violation) {
        if (violation.rule() == FieldViolation.Rule.IMMUTABLE) {
            return "mutability";
        }
        return switch (violation.field()) {
            case ScimErrors.FILTER -> "invalidFilter";
            case ScimErrors.PATH -> "invalidPath";
            case ScimErrors.TARGET -> "noTarget";
            case ScimErrors.SYNTAX -> "invalidSyntax";
            default -> "invalidValue";
        };
    }

    private static String describe(List<FieldViolation> violations) {
        return violations.stream()
                .map(v -> switch (v.field()) {
                    case ScimErrors.FILTER, ScimErrors.PATH, ScimErrors.TARGET, ScimErrors.SYNTAX, "base" -> v
                            .message();
                    default -> wireField(v.field()) + ": " + v.message();
                })
                .collect(Collectors.joining("; "));
    }

    /** The core's field names as the SCIM attributes they come from. */
    private static String wireField(String field) {
        return switch (field) {
            case "name" -> "displayName";
            case "email" -> "emails";
            case "phone" -> "phoneNumbers";
            case "position" -> "title";
            case "time_zone" -> "timezone";
            case "work_id" -> "employeeNumber";
            default -> field;
        };
    }

    void send(Context ctx, int status, String scimType, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of(ERROR_SCHEMA));
        body.put("status", Integer.toString(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        body.put("detail", detail);
        json.send(ctx, status, body);
    }
}
