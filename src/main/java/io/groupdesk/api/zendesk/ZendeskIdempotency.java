package io.groupdesk.api.zendesk;

import io.groupdesk.access.Caller;
import io.groupdesk.idempotency.Claim;
import io.groupdesk.idempotency.IdempotencyService;
import io.groupdesk.idempotency.IdempotentRequest;
import io.groupdesk.idempotency.StoredAnswer;
import io.groupdesk.shared.ValidationException;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code Idempotency-Key} header on creates: a request sent again with the same key and the same body (same
 * account, caller and endpoint) gets the first answer back, with {@code Idempotent-Replayed: true}, and nothing is
 * done again. The same key with another body is a 400 {@code IdempotentRequestError} (the error the Zendesk Java
 * client maps); a duplicate that arrives while the first is still being worked on is a 409, and may be retried.
 */
final class ZendeskIdempotency {
    static final String HEADER = "Idempotency-Key";
    private static final List<String> REPLAYED_HEADERS = List.of("Location", "ETag");

    private final IdempotencyService service;
    private final ZendeskJson json;

    ZendeskIdempotency(IdempotencyService service, ZendeskJson json) {
        this.service = service;
        this.json = json;
    }

    ZendeskApi.Endpoint around(ZendeskApi.Endpoint create) {
        return (ctx, caller) -> handle(ctx, caller, create);
    }

    private void handle(Context ctx, Caller caller, ZendeskApi.Endpoint create) throws Exception {
        String key = ctx.header(HEADER);
        if (key == null) {
            create.handle(ctx, caller);
            return;
        }
        IdempotentRequest request = new IdempotentRequest(
                caller.account(),
                caller.agent().map(agent -> "agent:" + agent.value()).orElse("system"),
                ctx.path().replaceFirst("\\.json$", ""), // one endpoint, with or without .json
                key,
                sha256(ctx.bodyAsBytes()));
        Claim claim;
        try {
            claim = service.claim(request);
        } catch (ValidationException e) {
            throw ZendeskRequestException.badRequest(
                    "InvalidValue",
                    HEADER + " must be 1 to " + IdempotencyService.MAX_KEY_LENGTH + " visible ASCII characters");
        }
        switch (claim.outcome()) {
            case REPLAY -> replay(ctx, claim.answer().orElseThrow());
            case MISMATCH -> throw ZendeskRequestException.badRequest(
                    "IdempotentRequestError",
                    "This " + HEADER + " was already used with another request body; use a new key");
            case IN_PROGRESS -> throw new ZendeskRequestException(
                    409,
                    ZendeskJson.object(
                            "error",
                            "IdempotentRequestInProgress",
                            "description",
                            "A request with this " + HEADER + " is still being processed; retry shortly"));
            case PROCEED -> proceed(ctx, caller, create, request);
        }
    }

    private void proceed(Context ctx, Caller caller, ZendeskApi.Endpoint create, IdempotentRequest request)
            throws Exception {
        boolean stored = false;
        try {
            create.handle(ctx, caller);
            int status = ctx.statusCode();
            if (status >= 200 && status < 300) {
                service.complete(request, new StoredAnswer(status, replayedHeaders(ctx), json.sentBody(ctx)));
                stored = true;
            }
        } finally {
            if (!stored) {
                service.release(request); // nothing was done: a retry with the key does the work
            }
        }
    }

    private static Map<String, String> replayedHeaders(Context ctx) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : REPLAYED_HEADERS) {
            String value = ctx.res().getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return headers;
    }

    private static void replay(Context ctx, StoredAnswer answer) {
        answer.headers().forEach(ctx::header);
        ctx.header("Idempotent-Replayed", "true");
        ctx.status(answer.status()).contentType(ZendeskJson.CONTENT_TYPE).result(answer.body());
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
