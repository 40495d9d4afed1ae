package io.groupdesk.events;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The stored events. */
public interface EventRepository {
    static EventRepository jdbc(Jdbi jdbi) {
        return new JdbcEventRepository(jdbi);
    }

    /** An event to write, with who made the change and where it came from. */
    record Row(NewEvent event, Optional<AgentId> actor, Origin origin) {}

    /**
     * Stages events of the transaction open on this thread, in order, stamped {@code at}: they have no id until a
     * sequencer moves them ({@link #move}). No lock that another writer waits for is taken.
     */
    void stage(AccountId account, Instant at, List<Row> rows);

    /** The keys of the account's committed staged events, oldest first, at most {@code limit}. */
    List<Long> staged(AccountId account, int limit);

    /** Accounts that have committed staged events, at most {@code limit}. */
    List<AccountId> stagedAccounts(int limit);

    /**
     * Sequences a batch of the account's staged events, in one transaction: locks the account's event counter (only
     * sequencers take it), reads its committed staged events again under the lock (another sequencer may have moved
     * what a probe saw), at most {@code limit} in staging order, inserts them into the events with the next
     * consecutive ids, deletes them from staging and moves the counter past them.
     *
     * @return how many were moved
     */
    int sequence(AccountId account, int limit);

    /** The account's events after {@code afterId}, in id order, at most {@code limit}. */
    List<Event> after(AccountId account, long afterId, int limit);

    Optional<Event> find(AccountId account, long id);

    /**
     * The account's events about {@code agent} (when present) or {@code group} (when present), with ids below
     * {@code beforeId}, newest first, at most {@code limit}.
     */
    List<Event> concerning(
            AccountId account,
            Optional<AgentId> agent,
            Optional<io.groupdesk.shared.GroupId> group,
            long beforeId,
            int limit);

    /** The id of the account's oldest event kept, if any. */
    Optional<Long> oldestId(AccountId account);

    /** The id of the account's latest event, zero when it has none. */
    long lastId(AccountId account);
}
