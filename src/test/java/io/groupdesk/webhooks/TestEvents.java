package io.groupdesk.webhooks;

import io.groupdesk.access.Caller;
import io.groupdesk.events.Change;
import io.groupdesk.events.EventRecorder;
import io.groupdesk.events.EventRepository;
import io.groupdesk.events.EventType;
import io.groupdesk.events.NewEvent;
import io.groupdesk.shared.Transactions;
import io.groupdesk.testing.Fixtures.TestAgent;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Records change events the way the core services do (in a transaction, through {@link EventRecorder}), for delivery
 * tests that need a known number of events of known types whatever else the services record.
 */
public final class TestEvents {
    private final Transactions transactions;
    private final EventRecorder recorder;
    private final EventRepository events;

    public TestEvents(Jdbi jdbi) {
        this.transactions = new Transactions(jdbi);
        this.events = EventRepository.jdbc(jdbi);
        this.recorder = new EventRecorder(events, Clock.systemUTC());
    }

    /** Records one {@code user.name_changed} event of {@code agent}, from {@code from} to {@code to}. */
    public long nameChanged(Caller caller, TestAgent agent, String from, String to) {
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("name", new Change(from, to));
        return record(
                caller,
                NewEvent.ofAgent(EventType.USER_NAME_CHANGED, agent.agent().id(), to, changes));
    }

    /** Records the events in one transaction and returns the id of the last. */
    public long record(Caller caller, NewEvent... events) {
        transactions.run(() -> recorder.recordAll(caller, List.of(events)));
        return this.events.lastId(caller.account());
    }
}
