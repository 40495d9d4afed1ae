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
     * Takes {@code count} ids of the account's events and locks its counter until the transaction ends.
     *
     * @return the last of the ids taken (the first is {@code last - count + 1})
     */
    long reserve(AccountId account, int count);

    /** Writes events with consecutive ids from {@code firstId}, in one statement. */
    void insert(AccountId account, long firstId, Instant at, List<Row> rows);

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
