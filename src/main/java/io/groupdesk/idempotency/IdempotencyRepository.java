package io.groupdesk.idempotency;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Storage of idempotency keys, scoped by account. Each method is one statement, committed on its own: the insert
 * of a pending row must be visible to a concurrent duplicate at once, and its failure must not abort other work.
 */
public interface IdempotencyRepository {

    static IdempotencyRepository jdbc(Jdbi jdbi) {
        return new JdbcIdempotencyRepository(jdbi);
    }

    /** A stored key: its body hash, when it was first used, and its answer once there is one. */
    record StoredKey(String bodySha256, Instant createdAt, Optional<StoredAnswer> answer) {}

    /** Inserts a pending row; false when the key is already stored (the primary key refused it). */
    boolean insertPending(IdempotentRequest request, Instant now);

    Optional<StoredKey> find(IdempotentRequest request);

    /** Deletes the key if it was first used before {@code cutoff}. */
    void deleteIfCreatedBefore(IdempotentRequest request, Instant cutoff);

    /** Stores the answer of a pending key. */
    void complete(IdempotentRequest request, StoredAnswer answer);

    /** Deletes the key if it is still pending. */
    void deletePending(IdempotentRequest request);
}
