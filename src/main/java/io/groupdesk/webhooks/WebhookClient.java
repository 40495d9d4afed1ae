package io.groupdesk.webhooks;

import io.groupdesk.webhooks.Attempt.Outcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends signed requests to webhooks' endpoints over one pooled client: never following a redirect, giving up after
 * {@link #TIMEOUT}, checking the target's address first. It runs outside any transaction.
 */
final class WebhookClient {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How much of an answer's body a test shows. */
    static final int BODY_EXCERPT = 2_000;

    private final HttpClient http;
    private final TargetCheck targets;
    private final Clock clock;

    WebhookClient(TargetCheck targets, Clock clock) {
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.targets = targets;
        this.clock = clock;
    }

    /** What came of a request. */
    record Result(
            Outcome outcome,
            OptionalInt statusCode,
            Optional<String> error,
            long durationMillis,
            Map<String, List<String>> headers,
            String body) {}

    /** Sends the request and waits for its answer, on the calling thread. */
    Result send(Target target, Optional<String> invocationId, byte[] body) {
        long started = System.nanoTime();
        Prepared prepared = prepare(target, invocationId, body, started);
        if (prepared.failure() != null) {
            return prepared.failure();
        }
        try {
            return answered(http.send(prepared.request(), HttpResponse.BodyHandlers.ofByteArray()), started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(Outcome.NETWORK_ERROR, "The node stopped while delivering", started);
        } catch (IOException e) {
            return failed(e, started);
        }
    }

    /**
     * Sends the request without holding a thread while it waits: the answer completes the future, on the client's
     * threads. The client keeps connections open between requests (keep-alive), as many as requests in flight.
     */
    CompletableFuture<Result> sendAsync(Target target, Optional<String> invocationId, byte[] body) {
        long started = System.nanoTime();
        Prepared prepared = prepare(target, invocationId, body, started);
        if (prepared.failure() != null) {
            return CompletableFuture.completedFuture(prepared.failure());
        }
        return http.sendAsync(prepared.request(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> {
                    if (error == null) {
                        return answered(response, started);
                    }
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    return cause instanceof IOException io
                            ? failed(io, started)
                            : failure(
                                    Outcome.NETWORK_ERROR,
                                    "The request failed (" + cause.getClass().getSimpleName() + ")",
                                    started);
                });
    }

    /** A request ready to send, or why none can be. */
    private record Prepared(HttpRequest request, Result failure) {}

    private Prepared prepare(Target target, Optional<String> invocationId, byte[] body, long started) {
        Optional<String> refused = targets.refusal(target.endpoint());
        if (refused.isPresent()) {
            return new Prepared(null, failure(Outcome.REFUSED_TARGET, "The endpoint " + refused.get(), started));
        }
        String timestamp = Signatures.timestamp(clock.instant());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.endpoint()))
                .timeout(TIMEOUT)
                .method(target.httpMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            target.customHeaders().forEach(request::header);
            request.header("Content-Type", "application/json; charset=utf-8");
            request.header("User-Agent", "Groupdesk Webhook");
            request.header("X-Zendesk-Webhook-Id", target.webhookId());
            invocationId.ifPresent(id -> request.header("X-Zendesk-Webhook-Invocation-Id", id));
            request.header("X-Zendesk-Webhook-Signature-Timestamp", timestamp);
            request.header("X-Zendesk-Webhook-Signature", Signatures.sign(target.signingSecret(), timestamp, body));
            target.authentication().ifPresent(auth -> authenticate(request, auth));
        } catch (IllegalArgumentException e) {
            return new Prepared(
                    null, failure(Outcome.NETWORK_ERROR, "A header cannot be sent: " + e.getMessage(), started));
        }
        return new Prepared(request.build(), null);
    }

    private static Result answered(HttpResponse<byte[]> response, long started) {
        int status = response.statusCode();
        String excerpt =
                new String(response.body(), 0, Math.min(response.body().length, BODY_EXCERPT), StandardCharsets.UTF_8);
        boolean ok = status >= 200 && status < 300;
        return new Result(
                ok ? Outcome.SUCCESS : Outcome.HTTP_ERROR,
                OptionalInt.of(status),
                ok ? Optional.empty() : Optional.of("The endpoint answered " + status),
                millisSince(started),
                response.headers().map(),
                excerpt);
    }

    private static Result failed(IOException e, long started) {
        if (e instanceof HttpConnectTimeoutException) {
            return failure(Outcome.TIMEOUT, "No connection within " + TIMEOUT.toSeconds() + " s", started);
        }
        if (e instanceof HttpTimeoutException) {
            return failure(Outcome.TIMEOUT, "No answer within " + TIMEOUT.toSeconds() + " s", started);
        }
        // the exception's type only: its message may quote the endpoint's URL
        return failure(
                Outcome.NETWORK_ERROR, "The request failed (" + e.getClass().getSimpleName() + ")", started);
    }

    private static void authenticate(HttpRequest.Builder request, Authentication auth) {
        switch (auth.type()) {
            case BASIC_AUTH -> request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(
                                            (auth.name() + ":" + auth.secret()).getBytes(StandardCharsets.UTF_8)));
            case BEARER_TOKEN -> request.header("Authorization", "Bearer " + auth.secret());
            case API_KEY -> request.header(auth.name(), auth.secret());
        }
    }

    private static Result failure(Outcome outcome, String error, long started) {
        return new Result(outcome, OptionalInt.empty(), Optional.of(error), millisSince(started), Map.of(), "");
    }

    private static long millisSince(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }
}
