package io.groupdesk.webhooks;

import io.groupdesk.events.Event;
import io.groupdesk.events.EventType;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
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

    /** Adds an invocation of {@code webhook} for each event, due at once, in one statement. */
    void insertInvocations(AccountId account, long webhook, List<Event> events, Instant now);

    void moveCursor(AccountId account, long webhook, long cursor);

    /** A webhook, as the key of its queue of invocations. */
    record Queue(AccountId account, long webhookId) {}

    /** A claimed invocation: due, and leased to the claiming node. */
    record Claimed(AccountId account, long id, long webhookId, long eventId, int attempts) {
        public Queue queue() {
            return new Queue(account, webhookId);
        }
    }

    /**
     * Claims due pending invocations of active webhooks, oldest first within each webhook, and leases them to {@code
     * node} until {@code until}, in the calling transaction. Of each webhook it takes at most what {@code room} answers for it (the
     * free places of its window on this node); of a webhook whose oldest pending invocation has failed an attempt,
     * only that one, once due, so that a failing endpoint gets one request at a time until it answers again. Rows
     * another transaction holds, or another node has leased, are skipped.
     */
    List<Claimed> claim(Instant now, Instant until, String node, ToIntFunction<Queue> room);

    /** The webhook of a claimed invocation, with its secrets, if it still exists. */
    Optional<Stored> findForDelivery(AccountId account, long id);

    /** What to do with an invocation after an attempt. */
    enum Next {
        /** Delivered: done. */
        SUCCEEDED,
        /** Failed: due again at {@link Completed#next}. */
        RETRY,
        /** The last attempt failed: the invocation fails and its webhook is deactivated. */
        FAILED,
        /** Nothing can be sent (its event is no longer kept): the invocation fails, the webhook stays as it is. */
        ABANDONED
    }

    /**
     * An attempt made, to record.
     *
     * @param attempts the invocation's attempts, this one included
     * @param next when the invocation is due again ({@link Next#RETRY} only)
     */
    record Completed(Claimed invocation, Attempt attempt, Next outcome, int attempts, Instant next) {}

    /**
     * Records attempts, each with what comes of its invocation (delivered, due again, failed), releasing their leases;
     * an invocation whose webhook was deleted meanwhile is skipped. A delivery that succeeded after failed attempts
     * makes its webhook's other waiting invocations due at once: the endpoint answers again. Many in one transaction:
     * the caller's.
     */
    void record(List<Completed> completed, Instant now);

    /** A webhook's invocations in id order. */
    Slice<Invocation> invocations(AccountId account, long webhook, PageRequest page);

    Optional<Invocation> invocation(AccountId account, long webhook, long invocation);

    /** An invocation's attempts in the order they were made. */
    List<Attempt> attempts(AccountId account, long invocation);
}
