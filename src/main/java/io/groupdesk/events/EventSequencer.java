package io.groupdesk.events;

import io.groupdesk.shared.AccountId;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives committed staged events their ids (the sequencer). A writing transaction stages its events with no id
 * ({@link EventRecorder}); this moves an account's committed staged events into {@code events} with the account's
 * next consecutive ids, in one short transaction per batch that holds the account's {@code event_counters} row. Only
 * sequencers take that row, so one at a time, on any node, numbers an account's events; what it moves was committed
 * before it read it, and its transaction commits before the next sequencer can read the counter. So ids are
 * consecutive per account, and a reader that has read up to id N never later sees a new id at or below N.
 *
 * <p>When it runs:
 *
 * <ul>
 *   <li>after each commit that staged events: the recorder wakes the node's sequencer thread ({@link #start}), which
 *       takes every account woken meanwhile, in milliseconds; before the thread is started (the command line, the
 *       core tests) the committing thread sequences its accounts itself;
 *   <li>every {@code period}, for the accounts with anything staged: events committed through another node that has
 *       not sequenced them yet, or left by a node that was killed;
 *   <li>on the thread of a read that must see its caller's own writes (the audit log, the feed, history, membership
 *       as of a time): {@link #sequence} first, which is one index probe when nothing is staged.
 * </ul>
 */
public final class EventSequencer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventSequencer.class);

    /** The most events one transaction moves. */
    static final int BATCH = 10_000;

    /** The most accounts one periodic pass takes. */
    private static final int ACCOUNTS_PER_PASS = 500;

    private final EventRepository events;
    private final Set<AccountId> woken = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile Thread thread;
    private Duration period = Duration.ofMillis(250);

    public EventSequencer(EventRepository events) {
        this.events = events;
    }

    /**
     * Moves the account's committed staged events into the events, in batches, until none is left; on the calling
     * thread.
     *
     * @return how many were moved
     */
    public int sequence(AccountId account) {
        int moved = 0;
        while (!events.staged(account, 1).isEmpty()) {
            int batch = events.sequence(account, BATCH);
            moved += batch;
            if (batch < BATCH) {
                break;
            }
        }
        return moved;
    }

    /**
     * Asks for the accounts' staged events to be sequenced, after a commit that staged them: by the sequencer thread
     * when it runs, otherwise at once on this thread. Never throws: what fails stays staged for the next pass.
     */
    void committed(Collection<AccountId> accounts) {
        Thread running = thread;
        if (running != null) {
            woken.addAll(accounts);
            LockSupport.unpark(running);
            return;
        }
        if (closed) {
            return; // the node is stopping: the next node's periodic pass takes them
        }
        for (AccountId account : accounts) {
            sequenceQuietly(account);
        }
    }

    /** Starts the node's sequencer thread, which also looks for staged events every {@code period}. */
    public synchronized void start(Duration period) {
        if (thread != null) {
            throw new IllegalStateException("the event sequencer runs already");
        }
        this.period = period;
        Thread started = new Thread(this::loop, "groupdesk-sequencer");
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    private void loop() {
        long nextPass = System.nanoTime();
        while (!closed) {
            Set<AccountId> due = takeWoken();
            if (System.nanoTime() - nextPass >= 0) {
                nextPass = System.nanoTime() + period.toNanos();
                try {
                    due.addAll(events.stagedAccounts(ACCOUNTS_PER_PASS));
                } catch (RuntimeException e) {
                    logFailure(e);
                }
            }
            for (AccountId account : due) {
                sequenceQuietly(account);
            }
            if (woken.isEmpty() && !closed) {
                LockSupport.parkNanos(this, Math.max(0, nextPass - System.nanoTime()));
            }
        }
        // what was woken before the stop, so that a clean shutdown leaves nothing of its own behind
        for (AccountId account : takeWoken()) {
            sequenceQuietly(account);
        }
    }

    private Set<AccountId> takeWoken() {
        Set<AccountId> due = new LinkedHashSet<>();
        for (AccountId account : woken) {
            if (woken.remove(account)) {
                due.add(account);
            }
        }
        return due;
    }

    private void sequenceQuietly(AccountId account) {
        try {
            sequence(account);
        } catch (RuntimeException e) {
            logFailure(e);
        }
    }

    private static void logFailure(RuntimeException e) {
        // the type and SQL state only: a driver's message may quote the statement and its arguments
        log.warn(
                "Sequencing change events failed ({}{}); they stay staged for the next pass",
                e.getClass().getSimpleName(),
                sqlState(e));
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return ", SQL state " + sql.getSQLState();
            }
        }
        return "";
    }

    /** Stops the thread, after it has sequenced the accounts woken so far. */
    @Override
    public void close() {
        closed = true;
        Thread running = thread;
        if (running != null) {
            LockSupport.unpark(running);
            try {
                running.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
