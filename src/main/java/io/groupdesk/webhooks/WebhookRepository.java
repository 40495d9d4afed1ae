package io.groupdesk.webhooks;

import io.groupdesk.events.Event;
import io.groupdesk.events.EventType;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Jdbi;

/** The stored webhooks, their invocations and attempts. Every method but the worker's is scoped by account. */
public interface WebhookRepository {
    static WebhookRepository jdbc(Jdbi jdbi) {
        return new JdbcWebhookRepository(jdbi);
    }

    /**
     * A webhook as stored: its secrets sealed.
     *
     * @param sealedAuthSecret the authentication's sealed secret, null without authentication
     */
    record Stored(Webhook webhook, String sealedAuthSecret, String sealedSigningSecret) {
        @Override
        public String toString() {
            return "Stored[" + webhook.id() + "]";
        }
    }

    /** Inserts a webhook whose deliveries start after the event {@code cursor}, and returns its id. */
    long insert(Stored webhook, long cursor);

    Optional<Stored> find(AccountId account, long id);

    /** The account's webhooks in id order. */
    Slice<Stored> list(AccountId account, PageRequest page);

    /** Writes every field of {@code webhook} but its id, account and creation. */
    void update(Stored webhook);

    boolean delete(AccountId account, long id);

    /** A webhook's sealed secrets, for resealing under a new key. */
    record Sealed(AccountId account, long id, String authSecret, String signingSecret) {
        @Override
        public String toString() {
            return "Sealed[" + id + "]";
        }
    }

    /** Every webhook's sealed secrets, of every account. */
    List<Sealed> allSealed();

    /** Replaces a webhook's sealed secrets. */
    void reseal(Sealed sealed);

    /** The webhook whose new events are to become invocations. */
    record Behind(AccountId account, long id, long cursor, List<EventType> subscriptions) {}

    /**
     * Active webhooks whose account has events after their cursor, at most {@code limit}, each locked until the
     * transaction ends; webhooks another transaction holds are skipped.
     */
    List<Behind> lockBehind(int limit);

    /** Adds an invocation of {@code webhook} for each event, due at once. */
    void insertInvocations(AccountId account, long webhook, List<Event> events, Instant now);

    void moveCursor(AccountId account, long webhook, long cursor);

    /** A claimed invocation: its webhook's oldest pending one, due, and leased to the claiming node. */
    record Claimed(AccountId account, long id, long webhookId, long eventId, int attempts) {}

    /**
     * Claims due pending invocations of active webhooks, each the oldest pending one of its webhook and not leased
     * to a node now, at most {@code limit}: leases them to {@code node} until {@code until}. Rows another
     * transaction holds are skipped.
     */
    List<Claimed> claim(Instant now, Instant until, String node, int limit);

    /** The webhook of a claimed invocation, with its secrets, if it still exists. */
    Optional<Stored> findForDelivery(AccountId account, long id);

    /** Records an attempt of an invocation, if the invocation still exists. */
    void insertAttempt(AccountId account, long invocation, Attempt attempt);

    /** Marks a pending invocation delivered. */
    void succeeded(AccountId account, long invocation, int attempts, OptionalInt status, Instant at);

    /** Leaves a pending invocation pending, due again at {@code next}, and releases its lease. */
    void retryAt(AccountId account, long invocation, int attempts, OptionalInt status, Instant next);

    /** Marks a pending invocation failed for good and deactivates its webhook. */
    void failed(AccountId account, long webhook, long invocation, int attempts, OptionalInt status, Instant at);

    /** Marks a pending invocation failed for good without deactivating its webhook: its event is gone. */
    void abandon(AccountId account, long invocation, int attempts, Instant at);

    /** A webhook's invocations in id order. */
    Slice<Invocation> invocations(AccountId account, long webhook, PageRequest page);

    Optional<Invocation> invocation(AccountId account, long webhook, long invocation);

    /** An invocation's attempts in the order they were made. */
    List<Attempt> attempts(AccountId account, long invocation);
}
