package io.groupdesk.events;

import io.groupdesk.access.Caller;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records change events in the transaction of the change (a transactional outbox). The core services call it, and
 * only they: a change that rolls back leaves no event, and a change that commits has its events.
 *
 * <p>The events of a transaction are held until its work is done and written as its last statements
 * ({@link Transactions#beforeCommit}): the transaction then takes its ids from its account's counter row and keeps
 * that row locked until it commits. So ids are consecutive and in commit order, and a feed consumer that has read up
 * to an id can never miss an event below it; the price is that the commits of one account's writes pass that row one
 * at a time, for the time of an insert and a commit.
 */
public final class EventRecorder {
    private final EventRepository events;
    private final Clock clock;

    public EventRecorder(EventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /**
     * Records an event of a change {@code caller} makes in the transaction open on this thread, with the origin bound
     * on it ({@link Origin#current}).
     *
     * @throws IllegalStateException no transaction is open
     */
    public void record(Caller caller, NewEvent event) {
        recordAll(caller, List.of(event));
    }

    /** Records several events of one change, in order. */
    public void recordAll(Caller caller, List<NewEvent> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Pending pending = Transactions.beforeCommit(Pending.class, () -> new Pending(events, clock));
        Origin origin = Origin.current();
        for (NewEvent change : changes) {
            pending.add(caller.account(), new EventRepository.Row(change, caller.agent(), origin));
        }
    }

    /** A transaction's events, written when its work is done. */
    static final class Pending implements Runnable {
        private final EventRepository events;
        private final Clock clock;
        // by account in id order: a transaction that writes to several takes their counters in one order
        private final Map<AccountId, List<EventRepository.Row>> byAccount =
                new TreeMap<>(java.util.Comparator.comparingLong(AccountId::value));

        Pending(EventRepository events, Clock clock) {
            this.events = events;
            this.clock = clock;
        }

        void add(AccountId account, EventRepository.Row row) {
            byAccount.computeIfAbsent(account, a -> new ArrayList<>()).add(row);
        }

        @Override
        public void run() {
            for (Map.Entry<AccountId, List<EventRepository.Row>> entry : byAccount.entrySet()) {
                List<EventRepository.Row> rows = entry.getValue();
                long last = events.reserve(entry.getKey(), rows.size());
                // stamped under the counter's lock: in one account, later ids never have earlier times on one node
                Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                events.insert(entry.getKey(), last - rows.size() + 1, now, rows);
            }
        }
    }
}
