package io.groupdesk.events;

import io.groupdesk.access.Caller;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.Transactions;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Records events for tests the way the core services do (through {@link EventRecorder}, in a transaction, with an
 * origin bound). {@link #ensure} records an event of a change made through a service only when that service has not
 * recorded it already, so a test reads the same history whether or not the service it calls records its events.
 * Each read sequences the account's staged events first, as the event reads do: a running node numbers them a moment
 * after the commit.
 */
public final class RecordedEvents {
    private final EventRepository events;
    private final EventSequencer sequencer;
    private final EventRecorder recorder;
    private final Transactions transactions;

    public RecordedEvents(Jdbi jdbi, Clock clock) {
        this.events = EventRepository.jdbc(jdbi);
        this.sequencer = new EventSequencer(events);
        this.recorder = new EventRecorder(events, clock, sequencer);
        this.transactions = new Transactions(jdbi);
    }

    /** The account's latest event id now: what {@link #ensure} looks after. */
    public long mark(AccountId account) {
        sequencer.sequence(account);
        return events.lastId(account);
    }

    /** Records these events in one transaction, as {@code caller} through {@code origin}. */
    public void record(Caller caller, Origin origin, NewEvent... changes) {
        try (Origin.Scope scope = origin.bind()) {
            transactions.run(() -> recorder.recordAll(caller, List.of(changes)));
        }
    }

    /** Records {@code change} unless an event of its type and source has been recorded since {@code mark}. */
    public void ensure(long mark, Caller caller, Origin origin, NewEvent change) {
        sequencer.sequence(caller.account());
        boolean recorded = events.after(caller.account(), mark, 10_000).stream()
                .anyMatch(event -> event.type() == change.type() && event.sourceId() == change.sourceId());
        if (!recorded) {
            record(caller, origin, change);
        }
    }

    /** Every event of the account after {@code afterId}, in id order. */
    public List<Event> after(AccountId account, long afterId) {
        sequencer.sequence(account);
        return events.after(account, afterId, 10_000);
    }
}
