package io.groupdesk.idempotency;

import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The rules of idempotency keys. A request with a key first {@link #claim}s it: the database's primary key lets
 * exactly one of several concurrent requests with the same key proceed, on any node. The one that proceeds does the
 * work and then {@link #complete}s the claim with its answer (which later requests with the same key and body get
 * back) or {@link #release}s it when the work failed (so that a retry does it). A key expires a day after its first
 * use. If a node dies between claim and completion, the key stays pending, and is refused as in progress, until it
 * expires: whether the work was done is unknown, and refusing is what keeps it from being done twice.
 */
public final class IdempotencyService {
    /** How long a key is remembered. */
    public static final Duration LIFETIME = Duration.ofDays(1);

    public static final int MAX_KEY_LENGTH = 255;
    public static final int MAX_PATH_LENGTH = 255;
    /** Answers with longer bodies are not stored; their claim is released, so a retry does the work again. */
    public static final int MAX_BODY_CHARS = 1_000_000;

    private static final int ATTEMPTS = 3;

    private final IdempotencyRepository keys;
    private final Clock clock;

    public IdempotencyService(IdempotencyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Decides whether a request does its work, gets the stored answer, or is refused.
     *
     * @throws ValidationException the key is empty, too long, or not visible ASCII; the path is too long
     */
    public Claim claim(IdempotentRequest request) {
        validate(request);
        for (int attempt = 1; ; attempt++) {
            Instant now = now();
            Instant cutoff = now.minus(LIFETIME);
            keys.deleteIfCreatedBefore(request, cutoff);
            if (keys.insertPending(request, now)) {
                return Claim.of(Claim.Outcome.PROCEED);
            }
            Optional<IdempotencyRepository.StoredKey> stored = keys.find(request);
            // gone (released by its owner) or just expired: try to claim it again
            if (stored.isPresent() && !stored.get().createdAt().isBefore(cutoff)) {
                IdempotencyRepository.StoredKey key = stored.get();
                if (!key.bodySha256().equals(request.bodySha256())) {
                    return Claim.of(Claim.Outcome.MISMATCH);
                }
                return key.answer()
                        .map(answer -> new Claim(Claim.Outcome.REPLAY, Optional.of(answer)))
                        .orElse(Claim.of(Claim.Outcome.IN_PROGRESS));
            }
            if (attempt >= ATTEMPTS) {
                return Claim.of(Claim.Outcome.IN_PROGRESS);
            }
        }
    }

    /** Stores the answer of a claimed request, for replay; an answer too large to store releases the claim. */
    public void complete(IdempotentRequest request, StoredAnswer answer) {
        if (new String(answer.body(), StandardCharsets.UTF_8).length() > MAX_BODY_CHARS) {
            release(request);
            return;
        }
        keys.complete(request, answer);
    }

    /** Forgets a claimed request whose work failed, so that the key can be used again. */
    public void release(IdempotentRequest request) {
        keys.deletePending(request);
    }

    private static void validate(IdempotentRequest request) {
        String key = request.key();
        boolean visibleAscii =
                !key.isEmpty() && key.length() <= MAX_KEY_LENGTH && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
        if (!visibleAscii) {
            throw ValidationException.of(
                    "idempotency_key", Rule.INVALID, "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
        }
        if (request.path().length() > MAX_PATH_LENGTH) {
            throw ValidationException.of("idempotency_key", Rule.INVALID, "cannot be used on so long a path");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
