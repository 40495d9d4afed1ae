package io.groupdesk.idempotency;

import java.util.Optional;

/**
 * What {@link IdempotencyService#claim} decided about a request.
 *
 * @param answer the stored answer, present only for {@link Outcome#REPLAY}
 */
public record Claim(Outcome outcome, Optional<StoredAnswer> answer) {

    /** The possible decisions. */
    public enum Outcome {
        /** The key is new (or expired): this request does the work, then completes or releases the claim. */
        PROCEED,
        /** The same key and body were answered before: send the stored answer, do nothing else. */
        REPLAY,
        /** The key was used with another body: refuse. */
        MISMATCH,
        /** Another request with the same key and body is still being worked on: refuse, the client may retry. */
        IN_PROGRESS
    }

    static Claim of(Outcome outcome) {
        return new Claim(outcome, Optional.empty());
    }
}
