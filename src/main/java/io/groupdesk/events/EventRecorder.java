package io.groupdesk.events;

import io.groupdesk.access.Caller;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records change events in the transaction of the change (a transactional outbox). The core services call it, and
 * only they: a change that rolls back leaves no event, and a change that commits has its events.
 *
 * <p>The events of a transaction are held until its work is done and staged as its last statements
 * ({@link Transactions#beforeCommit}), stamped with the time of the change, with no id and no lock another writer
 * waits for; once it has committed, the {@link EventSequencer} gives them their ids. So the commits of one account's
 * writes no longer pass its counter one at a time.
 */
public final class EventRecorder {
    private final EventRepository events;
    private final Clock clock;
    private final EventSequencer sequencer;

    public EventRecorder(EventRepository events, Clock clock, EventSequencer sequencer) {
        this.events = events;
        this.clock = clock;
        this.sequencer = sequencer;
    }

    /**
     * A recorder whose events are sequenced by the committing thread itself, right after each commit: for tools and
     * tests that record events with no node running.
     */
    public EventRecorder(EventRepository events, Clock clock) {
        this(events, clock, new EventSequencer(events));
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
        Pending pending = Transactions.beforeCommit(Pending.class, () -> new Pending(events, clock, sequencer));
        Origin origin = Origin.current();
        for (NewEvent change : changes) {
            pending.add(caller.account(), new EventRepository.Row(change, caller.agent(), origin));
        }
    }

    /** A transaction's events, staged when its work is done and sequenced once it has committed. */
    static final class Pending implements Runnable, Transactions.AfterCommit {
        private final EventRepository events;
        private final Clock clock;
        private final EventSequencer sequencer;
        private final Map<AccountId, List<EventRepository.Row>> byAccount = new LinkedHashMap<>();

        Pending(EventRepository events, Clock clock, EventSequencer sequencer) {
            this.events = events;
            this.clock = clock;
            this.sequencer = sequencer;
        }

        void add(AccountId account, EventRepository.Row row) {
            byAccount.computeIfAbsent(account, a -> new ArrayList<>()).add(row);
        }

        @Override
        public void run() {
            // the time of the change, on this node's clock. An id is given later, by the sequencer, so a later id
            // may carry an earlier time than the one before it (a change that committed after another, or a node
            // whose clock is behind): the reads that depend on time say how they allow for it (EventLog)
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            for (Map.Entry<AccountId, List<EventRepository.Row>> entry : byAccount.entrySet()) {
                events.stage(entry.getKey(), now, entry.getValue());
            }
        }

        @Override
        public void afterCommit() {
            sequencer.committed(byAccount.keySet());
        }
    }
}
