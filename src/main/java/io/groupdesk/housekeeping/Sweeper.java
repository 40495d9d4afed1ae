package io.groupdesk.housekeeping;

import io.groupdesk.idempotency.IdempotencyService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired rows in the background: every node runs one, on a single daemon thread, every
 * {@code GROUPDESK_SWEEP_INTERVAL_SECONDS}. Each table is one {@link Task}; a task deletes in statements of at most
 * {@link #BATCH} rows until one deletes fewer. A row is deleted only {@link #CLOCK_MARGIN} after it expired, so a node
 * whose clock is behind never finds gone a row it still relies on (a nonce it would refuse as a replay, a key whose
 * answer it would replay). A failed run (the database down) is logged as one warning per task, and the next run
 * tries again.
 */
public final class Sweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

    /** The most rows one statement deletes. */
    public static final int BATCH = 1_000;

    /** How long after its expiry a row is kept: more than any two nodes' clocks differ. */
    public static final Duration CLOCK_MARGIN = Duration.ofHours(1);

    /** The rows deleted, by {@code table}: {@code groupdesk_swept_rows_total} in Prometheus. */
    static final String SWEPT_ROWS = "groupdesk.swept.rows";

    /** What one statement of a task deletes: at most {@code limit} rows that expired before {@code cutoff}. */
    @FunctionalInterface
    interface Delete {
        int expiredBefore(Instant cutoff, int limit);
    }

    /**
     * One table's sweep.
     *
     * @param lifetime how long a row lives after the instant its expiry column holds (zero when the column holds the
     *     expiry itself)
     */
    record Task(String table, Duration lifetime, Delete delete) {}

    private final Clock clock;
    private final List<Task> tasks;
    private final Map<String, Counter> swept = new LinkedHashMap<>();
    private final ScheduledExecutorService executor;
    private volatile boolean closed;

    /** A sweeper of the expired request nonces and idempotency keys; it runs only once {@link #start}ed. */
    public Sweeper(Jdbi jdbi, Clock clock, MeterRegistry meters) {
        this(clock, meters, tasks(new JdbcSweepRepository(jdbi)));
    }

    /**
     * A sweeper of the expired request nonces and idempotency keys, and of the change events older than
     * {@code eventsRetention} ({@code GROUPDESK_EVENTS_RETENTION_DAYS}); it runs only once {@link #start}ed.
     */
    public Sweeper(Jdbi jdbi, Clock clock, MeterRegistry meters, Duration eventsRetention) {
        this(clock, meters, withEvents(new JdbcSweepRepository(jdbi), eventsRetention));
    }

    Sweeper(Clock clock, MeterRegistry meters, List<Task> tasks) {
        this.clock = clock;
        this.tasks = List.copyOf(tasks);
        for (Task task : this.tasks) {
            swept.put(
                    task.table(),
                    Counter.builder(SWEPT_ROWS)
                            .description("Expired rows deleted by the background sweep")
                            .tag("table", task.table())
                            .register(meters));
        }
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "groupdesk-sweeper");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static List<Task> withEvents(JdbcSweepRepository rows, Duration eventsRetention) {
        List<Task> tasks = new java.util.ArrayList<>(tasks(rows));
        tasks.add(new Task("events", eventsRetention, rows::deleteEventsBefore));
        // an invocation is kept as long as the event it delivered
        tasks.add(new Task("webhook_invocations", eventsRetention, rows::deleteInvocationsCompletedBefore));
        return tasks;
    }

    private static List<Task> tasks(JdbcSweepRepository rows) {
        return List.of(
                new Task("request_nonces", Duration.ZERO, rows::deleteNoncesExpiredBefore),
                new Task("idempotency_keys", IdempotencyService.LIFETIME, rows::deleteIdempotencyKeysCreatedBefore));
    }

    /** Sweeps every {@code interval}, the first time one interval from now; a zero interval leaves it off. */
    public void start(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("the sweep interval cannot be negative: " + interval);
        }
        if (interval.isZero()) {
            return;
        }
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::run, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Sweeps every table once, now, on the calling thread.
     *
     * @return the rows deleted, by table
     * @throws RuntimeException the database failed; the tables after the failing one are not swept
     */
    public Map<String, Integer> sweep() {
        Map<String, Integer> deleted = new LinkedHashMap<>();
        for (Task task : tasks) {
            deleted.put(task.table(), sweep(task));
        }
        return deleted;
    }

    private int sweep(Task task) {
        Instant cutoff = clock.instant().minus(task.lifetime()).minus(CLOCK_MARGIN);
        int total = 0;
        int deleted;
        do {
            deleted = task.delete().expiredBefore(cutoff, BATCH);
            total += deleted;
            swept.get(task.table()).increment(deleted);
        } while (deleted >= BATCH && !closed);
        return total;
    }

    /** One scheduled run: each task on its own, so one failing leaves the others to run, and nothing escapes. */
    private void run() {
        for (Task task : tasks) {
            if (closed) {
                return;
            }
            try {
                sweep(task);
            } catch (RuntimeException e) {
                // the type and SQL state only: a driver's message may quote the statement and its arguments
                log.warn(
                        "Sweep of {} failed ({}{}); the next run tries again",
                        task.table(),
                        e.getClass().getSimpleName(),
                        sqlState(e));
            }
        }
    }

    private static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return ", SQL state " + sql.getSQLState();
            }
        }
        return "";
    }

    /** Stops sweeping: a run in progress stops after its current statement, waited for up to ten seconds. */
    @Override
    public void close() {
        closed = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
