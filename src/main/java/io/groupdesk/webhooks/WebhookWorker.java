package io.groupdesk.webhooks;

import io.groupdesk.events.Event;
import io.groupdesk.events.EventRepository;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.Transactions;
import io.groupdesk.webhooks.Attempt.Outcome;
import io.groupdesk.webhooks.WebhookRepository.Claimed;
import io.groupdesk.webhooks.WebhookRepository.Completed;
import io.groupdesk.webhooks.WebhookRepository.Next;
import io.groupdesk.webhooks.WebhookRepository.Queue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhooks, at least once, on every node, with two daemon threads. The worker's thread, in each pass,
 *
 * <ol>
 *   <li>turns the new events of each active webhook's account into invocations of the webhook (the types it
 *       subscribes to), one statement per webhook, holding the webhook's row so that no other node does it at the
 *       same time, and moves the webhook's cursor past them, in one transaction;
 *   <li>claims due invocations, oldest first, as many of each webhook as its window has room for ({@link
 *       DeliverySettings#concurrency} per webhook on this node), with {@code FOR UPDATE SKIP LOCKED} and a lease, so
 *       two nodes never both take one, and one killed leaves its claims to be taken again when the lease runs out;
 *       then renders and signs them on a few threads and sends them on a pooled HTTP client without waiting for the
 *       answers.
 * </ol>
 *
 * The recorder's thread records the attempts that come back, many in one transaction: done on a 2xx answer;
 * otherwise due again after a backoff, until the last attempt fails, which fails the invocation and deactivates the
 * webhook. A delivery holds its place in the window from its claim until its attempt is recorded, so that at most the
 * window can have reached an endpoint unrecorded when a node dies. Deliveries of one webhook overlap: a receiver
 * orders them by the envelope's {@code id}. After a failed attempt a webhook's oldest pending invocation is tried
 * alone until it gets through; then the rest go at once. The worker's thread goes on every {@link #BUSY_POLL} while
 * there is work (or was lately), is woken early when recorded attempts free places, and waits {@link
 * DeliverySettings#idlePoll} when there is none.
 */
public final class WebhookWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);

    /** The attempts made, by {@code outcome}: {@code groupdesk_webhook_deliveries_total} in Prometheus. */
    public static final String DELIVERIES = "groupdesk.webhook.deliveries";

    /** How many webhooks one fan-out pass takes, and how many events of each. */
    static final int FAN_OUT_WEBHOOKS = 50;

    static final int FAN_OUT_EVENTS = 1_000;
    /** The longest wait between passes after failed ones. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(5);
    /** The wait between passes while there is work. */
    static final Duration BUSY_POLL = Duration.ofMillis(20);
    /** How long after its last work the worker keeps polling at {@link #BUSY_POLL}. */
    static final Duration BUSY_SPELL = Duration.ofSeconds(2);
    /** The most deliveries a node has in flight, all webhooks together. */
    static final int MAX_IN_FLIGHT = 1_024;
    /** The most attempts one transaction records. */
    static final int RECORD_BATCH = 1_000;
    /** How long a stopping node waits for the answers of what it has in flight, before it records them. */
    static final Duration DRAIN = WebhookClient.TIMEOUT.plusSeconds(2);
    /** The threads that render and sign deliveries (the requests themselves hold none while they wait). */
    static final int PREPARERS = 4;

    private final WebhookRepository webhooks;
    private final WebhookService service;
    private final EventRepository events;
    private final EventPayloads payloads;
    private final Transactions transactions;
    private final DeliverySettings settings;
    private final Clock clock;
    private final WebhookClient client;
    private final Map<Outcome, Counter> deliveries = new EnumMap<>(Outcome.class);
    private final String node = UUID.randomUUID().toString();
    private final ExecutorService preparers;
    /** Claimed and not yet recorded, by webhook, and all together. */
    private final Map<Queue, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    private final AtomicInteger inFlightTotal = new AtomicInteger();
    /** Attempts that came back, to record. */
    private final ConcurrentLinkedQueue<Completed> completed = new ConcurrentLinkedQueue<>();

    private final AtomicInteger completedCount = new AtomicInteger();
    private final Object wake = new Object();
    private boolean woken;
    private final Object recordWake = new Object();
    private boolean recordDue;
    private volatile boolean closed;
    private Thread thread;
    private Thread recorder;
    /** When the fan-out last ran, and whether it found events. */
    private long lastFanOut = System.nanoTime() - BUSY_POLL.toNanos();

    private boolean fannedOut;

    public WebhookWorker(
            WebhookRepository webhooks,
            WebhookService service,
            EventRepository events,
            EventPayloads payloads,
            Transactions transactions,
            TargetCheck targets,
            DeliverySettings settings,
            Clock clock,
            MeterRegistry meters) {
        this.webhooks = webhooks;
        this.service = service;
        this.events = events;
        this.payloads = payloads;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
        this.client = new WebhookClient(targets, clock);
        for (Outcome outcome : Outcome.values()) {
            deliveries.put(
                    outcome,
                    Counter.builder(DELIVERIES)
                            .description("Webhook delivery attempts, by outcome")
                            .tag("outcome", outcome.key())
                            .register(meters));
        }
        AtomicInteger number = new AtomicInteger();
        this.preparers = Executors.newFixedThreadPool(PREPARERS, runnable -> {
            Thread preparer = new Thread(runnable, "groupdesk-webhook-sender-" + number.incrementAndGet());
            preparer.setDaemon(true);
            return preparer;
        });
    }

    /** Starts the worker's thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the webhook worker runs already");
        }
        thread = new Thread(this::loop, "groupdesk-webhooks");
        thread.setDaemon(true);
        recorder = new Thread(this::recordLoop, "groupdesk-webhook-recorder");
        recorder.setDaemon(true);
        recorder.start();
        thread.start();
    }

    /**
     * The recorder's thread: records the attempts that came back, many in one transaction, while the worker's thread
     * claims and sends, and wakes that thread when places in the windows are free.
     */
    private void recordLoop() {
        int failures = 0;
        while (!closed) {
            synchronized (recordWake) {
                try {
                    if (!recordDue) {
                        recordWake.wait(BUSY_POLL.toMillis());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                recordDue = false;
            }
            try {
                if (record() > 0) {
                    signal();
                }
                failures = 0;
            } catch (RuntimeException e) {
                if (failures++ == 0) {
                    log.warn(
                            "Webhook attempts not recorded ({}{}); their leases run out and they are sent again",
                            e.getClass().getSimpleName(),
                            sqlState(e));
                }
            }
        }
    }

    private void loop() {
        int failures = 0;
        long lastWork = System.nanoTime() - BUSY_SPELL.toNanos();
        while (!closed) {
            try {
                if (pass() > 0) {
                    lastWork = System.nanoTime();
                }
                failures = 0;
            } catch (RuntimeException e) {
                // the type and SQL state only: a driver's message may quote the statement and its arguments; one
                // warning for a run of failures (the database down), the rest at debug
                if (failures++ == 0) {
                    log.warn(
                            "Webhook delivery pass failed ({}{}); trying again",
                            e.getClass().getSimpleName(),
                            sqlState(e));
                } else {
                    log.debug(
                            "Webhook delivery pass failed again ({})",
                            e.getClass().getSimpleName());
                }
            }
            boolean busy = inFlightTotal.get() > 0 || System.nanoTime() - lastWork < BUSY_SPELL.toNanos();
            pause(failures, busy);
        }
        drain();
    }

    /**
     * One pass, on the calling thread: the attempts that came back recorded, new events to invocations, then the due
     * invocations the windows have room for claimed and sent (their answers come back later, to the next pass).
     *
     * @return the attempts recorded, the events looked at and the invocations sent: zero when there was nothing to do
     */
    public int runOnce() {
        int recorded = record();
        int events = fanOut();
        return recorded + events + deliverDue();
    }

    /**
     * The worker thread's pass, the recorder's thread recording: new events to invocations (at most every {@link
     * #BUSY_POLL} unless the last look found some), then claims sent.
     */
    private int pass() {
        int events = 0;
        if (fannedOut || System.nanoTime() - lastFanOut >= BUSY_POLL.toNanos()) {
            events = fanOut();
            lastFanOut = System.nanoTime();
            fannedOut = events > 0;
        }
        return events + deliverDue();
    }

    int fanOut() {
        return transactions.inTransaction(() -> {
            int seen = 0;
            Instant now = now();
            // webhooks of one account behind at the same event read its events once
            Map<String, List<Event>> read = new HashMap<>();
            for (WebhookRepository.Behind webhook : webhooks.lockBehind(FAN_OUT_WEBHOOKS)) {
                List<Event> batch = read.computeIfAbsent(
                        webhook.account().value() + ":" + webhook.cursor(),
                        key -> events.after(webhook.account(), webhook.cursor(), FAN_OUT_EVENTS));
                if (batch.isEmpty()) {
                    continue;
                }
                List<Event> matching = batch.stream()
                        .filter(event -> webhook.subscriptions().contains(event.type()))
                        .toList();
                webhooks.insertInvocations(webhook.account(), webhook.id(), matching, now);
                webhooks.moveCursor(
                        webhook.account(),
                        webhook.id(),
                        batch.get(batch.size() - 1).id());
                seen += batch.size();
            }
            return seen;
        });
    }

    int deliverDue() {
        Instant now = now();
        int[] left = {MAX_IN_FLIGHT - inFlightTotal.get()};
        if (left[0] <= 0) {
            return 0;
        }
        ToIntFunction<Queue> room = queue -> {
            int places =
                    Math.min(left[0], settings.concurrency() - inFlight(queue).get());
            left[0] -= Math.max(0, places);
            return places;
        };
        List<Claimed> claimed =
                transactions.inTransaction(() -> webhooks.claim(now, now.plus(settings.lease()), node, room));
        if (claimed.isEmpty()) {
            return 0;
        }
        for (Claimed invocation : claimed) {
            inFlight(invocation.queue()).incrementAndGet();
            inFlightTotal.incrementAndGet();
        }
        Map<Queue, Optional<Target>> targets = new HashMap<>();
        Map<AccountId, Map<Long, Event>> found;
        try {
            for (Claimed invocation : claimed) {
                targets.computeIfAbsent(
                        invocation.queue(), queue -> webhooks.findForDelivery(queue.account(), queue.webhookId())
                                .map(service::target));
            }
            found = events(claimed);
        } catch (RuntimeException e) {
            // their leases run out and they are claimed again
            claimed.forEach(this::release);
            throw e;
        }
        for (Claimed invocation : claimed) {
            Optional<Target> target = targets.get(invocation.queue());
            Event event = found.getOrDefault(invocation.account(), Map.of()).get(invocation.eventId());
            if (target.isEmpty()) {
                release(invocation); // deleted meanwhile, with its invocations
            } else if (event == null) {
                // swept by retention before it could be delivered: nothing is left to send
                Instant at = now();
                complete(new Completed(
                        invocation,
                        new Attempt(
                                0,
                                invocation.id(),
                                at,
                                at,
                                Outcome.NETWORK_ERROR,
                                OptionalInt.empty(),
                                Optional.of("The event is no longer kept"),
                                0),
                        Next.ABANDONED,
                        invocation.attempts() + 1,
                        at));
            } else {
                preparers.execute(() -> send(invocation, target.get(), event));
            }
        }
        return claimed.size();
    }

    /** The claimed invocations' events, by account and id: a run of ids read in one query, as the fan-out reads. */
    private Map<AccountId, Map<Long, Event>> events(List<Claimed> claimed) {
        Map<AccountId, List<Long>> ids = new HashMap<>();
        for (Claimed invocation : claimed) {
            ids.computeIfAbsent(invocation.account(), account -> new ArrayList<>())
                    .add(invocation.eventId());
        }
        Map<AccountId, Map<Long, Event>> found = new HashMap<>();
        ids.forEach((account, wanted) -> {
            Map<Long, Event> byId = new HashMap<>();
            long first = wanted.stream().mapToLong(Long::longValue).min().orElseThrow();
            long last = wanted.stream().mapToLong(Long::longValue).max().orElseThrow();
            long span = last - first + 1;
            if (span <= 4L * wanted.size() + 64) {
                for (Event event : events.after(account, first - 1, (int) span)) {
                    byId.put(event.id(), event);
                }
            } else {
                for (long id : wanted) {
                    events.find(account, id).ifPresent(event -> byId.put(event.id(), event));
                }
            }
            found.put(account, byId);
        });
        return found;
    }

    private void send(Claimed invocation, Target target, Event event) {
        Instant started;
        try {
            byte[] body = payloads.render(event);
            started = now();
            client.sendAsync(target, Optional.of(Long.toString(invocation.id())), body)
                    .whenComplete((result, error) -> {
                        if (error != null) {
                            failedToSend(invocation, error);
                        } else {
                            answered(invocation, started, result);
                        }
                    });
        } catch (RuntimeException e) {
            failedToSend(invocation, e);
        }
    }

    private void failedToSend(Claimed invocation, Throwable failure) {
        log.warn(
                "Webhook delivery failed ({}{}); its lease runs out and it is tried again",
                failure.getClass().getSimpleName(),
                sqlState(failure));
        release(invocation);
    }

    private void answered(Claimed invocation, Instant started, WebhookClient.Result result) {
        Instant completedAt = now();
        deliveries.get(result.outcome()).increment();
        int attempts = invocation.attempts() + 1;
        Next next;
        if (result.outcome() == Outcome.SUCCESS) {
            next = Next.SUCCEEDED;
        } else if (attempts >= settings.maxAttempts()) {
            next = Next.FAILED;
        } else {
            next = Next.RETRY;
        }
        complete(new Completed(
                invocation,
                new Attempt(
                        0,
                        invocation.id(),
                        started,
                        completedAt,
                        result.outcome(),
                        result.statusCode(),
                        result.error(),
                        result.durationMillis()),
                next,
                attempts,
                next == Next.RETRY ? completedAt.plus(settings.backoff(attempts)) : completedAt));
    }

    /** Queues an attempt to record, and wakes the recorder when half of what is in flight has come back. */
    private void complete(Completed attempt) {
        completed.add(attempt);
        int back = completedCount.incrementAndGet();
        if (2 * back >= inFlightTotal.get()) {
            synchronized (recordWake) {
                recordDue = true;
                recordWake.notifyAll();
            }
        }
    }

    /** Records the attempts that came back, in one transaction, and frees their places in the windows. */
    int record() {
        List<Completed> batch = new ArrayList<>();
        for (Completed attempt; batch.size() < RECORD_BATCH && (attempt = completed.poll()) != null; ) {
            batch.add(attempt);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        completedCount.addAndGet(-batch.size());
        try {
            transactions.run(() -> webhooks.record(batch, now()));
        } finally {
            // recorded, or left to their leases, which run out
            batch.forEach(attempt -> release(attempt.invocation()));
        }
        for (Completed attempt : batch) {
            if (attempt.outcome() == Next.FAILED) {
                log.warn(
                        "Webhook {} deactivated: invocation {} failed {} attempts ({})",
                        attempt.invocation().webhookId(),
                        attempt.invocation().id(),
                        attempt.attempts(),
                        attempt.attempt().outcome().key());
            }
        }
        return batch.size();
    }

    private AtomicInteger inFlight(Queue queue) {
        return inFlight.computeIfAbsent(queue, key -> new AtomicInteger());
    }

    private void release(Claimed invocation) {
        inFlight(invocation.queue()).decrementAndGet();
        inFlightTotal.decrementAndGet();
    }

    private void signal() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    /**
     * Waits {@link #BUSY_POLL} while busy, the idle poll when not, or longer after failed passes: twice as long for
     * each, up to {@link #MAX_PAUSE}; answers coming back cut it short.
     */
    private void pause(int failures, boolean busy) {
        long millis = busy && failures == 0
                ? BUSY_POLL.toMillis()
                : settings.idlePoll().toMillis();
        for (int i = 0; i < failures && millis < MAX_PAUSE.toMillis(); i++) {
            millis *= 2;
        }
        synchronized (wake) {
            if (closed) {
                return;
            }
            try {
                if (!woken || failures > 0) {
                    wake.wait(Math.min(millis, MAX_PAUSE.toMillis()));
                }
                woken = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }
    }

    /** Waits for the answers of what is in flight, up to {@link #DRAIN}, and records them. */
    private void drain() {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (completedCount.get() < inFlightTotal.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            record();
        } catch (RuntimeException e) {
            log.warn(
                    "Webhook attempts not recorded on stopping ({}{}); their leases run out and they are sent again",
                    e.getClass().getSimpleName(),
                    sqlState(e));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return ", SQL state " + sql.getSQLState();
            }
        }
        return "";
    }

    /**
     * Stops the worker: the deliveries under way finish (each within the request timeout) and are recorded, waited for
     * up to {@link #DRAIN} and a little more; what it had claimed and not recorded is claimed again by a node when the
     * lease runs out.
     */
    @Override
    public void close() {
        closed = true;
        signal();
        synchronized (recordWake) {
            recordWake.notifyAll();
        }
        Thread running;
        Thread recording;
        synchronized (this) {
            running = thread;
            recording = recorder;
        }
        if (recording != null) {
            try {
                recording.join(DRAIN.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (running != null) {
            try {
                running.join(DRAIN.plusSeconds(3).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        preparers.shutdownNow();
    }
}
