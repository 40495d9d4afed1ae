package io.groupdesk.webhooks;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One attempt to deliver an invocation.
 *
 * @param statusCode the endpoint's answer, when it answered
 * @param error why the attempt failed without an answer (a timeout, a refused target, ...), or why an answer counts
 *     as failed
 */
public record Attempt(
        long id,
        long invocationId,
        Instant attemptedAt,
        Instant completedAt,
        Outcome outcome,
        OptionalInt statusCode,
        Optional<String> error,
        long durationMillis) {

    /** What came of an attempt: the closed set of the deliveries metric's {@code outcome} label. */
    public enum Outcome {
        /** A 2xx answer. */
        SUCCESS,
        /** Any other answer. */
        HTTP_ERROR,
        /** No answer within the timeout. */
        TIMEOUT,
        /** The connection failed or broke. */
        NETWORK_ERROR,
        /** The endpoint names or resolves to an address webhooks may not reach. */
        REFUSED_TARGET;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Outcome ofKey(String key) {
            return valueOf(key.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
