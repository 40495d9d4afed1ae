package io.groupdesk.webhooks;

import io.groupdesk.events.Event;
import io.groupdesk.events.EventRepository;
import io.groupdesk.shared.Transactions;
import io.groupdesk.webhooks.Attempt.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhooks, at least once, on every node: one daemon thread that, in turn,
 *
 * <ol>
 *   <li>turns the new events of each active webhook's account into invocations of the webhook (the types it
 *       subscribes to), holding the webhook's row so that no other node does it at the same time, and moves the
 *       webhook's cursor past them, in one transaction;
 *   <li>claims due invocations, each the oldest pending one of its webhook, with {@code FOR UPDATE SKIP LOCKED} and a
 *       lease, so two nodes never both take one, and one killed leaves its claims to be taken again when the lease
 *       runs out;
 *   <li>POSTs each claimed invocation outside any transaction, a few webhooks at once, and records the attempt: done
 *       on a 2xx answer; otherwise due again after a backoff, until the last attempt fails, which fails the
 *       invocation and deactivates the webhook.
 * </ol>
 *
 * A webhook's events are delivered in the order they were recorded: its next invocation is claimed only once the one
 * before it is done (delivered, or failed for good). It goes on at once while there is work and waits
 * {@link DeliverySettings#idlePoll} when there is none.
 */
public final class WebhookWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);

    /** The attempts made, by {@code outcome}: {@code groupdesk_webhook_deliveries_total} in Prometheus. */
    public static final String DELIVERIES = "groupdesk.webhook.deliveries";

    /** How many webhooks one fan-out pass takes, and how many events of each. */
    static final int FAN_OUT_WEBHOOKS = 50;

    static final int FAN_OUT_EVENTS = 500;
    /** The longest wait between passes after failed ones. */
    static final java.time.Duration MAX_PAUSE = java.time.Duration.ofSeconds(5);

    /** How many invocations one claim takes, delivered at once. */
    static final int CLAIM = 8;

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
    private final ExecutorService senders;
    private final Object wake = new Object();
    private volatile boolean closed;
    private Thread thread;

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
        this.senders = Executors.newFixedThreadPool(CLAIM, runnable -> {
            Thread sender = new Thread(runnable, "groupdesk-webhook-sender-" + number.incrementAndGet());
            sender.setDaemon(true);
            return sender;
        });
    }

    /** Starts the worker's thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the webhook worker runs already");
        }
        thread = new Thread(this::loop, "groupdesk-webhooks");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        int failures = 0;
        while (!closed) {
            boolean worked = false;
            try {
                worked = runOnce() > 0;
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
            if (!worked) {
                pause(failures);
            }
        }
    }

    /**
     * One pass, on the calling thread: new events to invocations, then one claim of due invocations delivered.
     *
     * @return the events looked at plus the invocations delivered: zero when there was nothing to do
     */
    public int runOnce() {
        int events = fanOut();
        return events + deliverDue();
    }

    int fanOut() {
        return transactions.inTransaction(() -> {
            int seen = 0;
            Instant now = now();
            for (WebhookRepository.Behind webhook : webhooks.lockBehind(FAN_OUT_WEBHOOKS)) {
                List<Event> batch = events.after(webhook.account(), webhook.cursor(), FAN_OUT_EVENTS);
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
        List<WebhookRepository.Claimed> claimed =
                transactions.inTransaction(() -> webhooks.claim(now, now.plus(settings.lease()), node, CLAIM));
        if (claimed.isEmpty()) {
            return 0;
        }
        List<Callable<Void>> work = new ArrayList<>();
        for (WebhookRepository.Claimed invocation : claimed) {
            work.add(() -> {
                deliver(invocation);
                return null;
            });
        }
        try {
            for (var done : senders.invokeAll(work)) {
                try {
                    done.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    log.warn(
                            "Webhook delivery failed ({}{}); its lease runs out and it is tried again",
                            cause.getClass().getSimpleName(),
                            sqlState(cause));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return claimed.size();
    }

    private void deliver(WebhookRepository.Claimed invocation) {
        Optional<WebhookRepository.Stored> stored =
                webhooks.findForDelivery(invocation.account(), invocation.webhookId());
        if (stored.isEmpty()) {
            return; // deleted meanwhile, with its invocations
        }
        Optional<Event> event = events.find(invocation.account(), invocation.eventId());
        if (event.isEmpty()) {
            // swept by retention before it could be delivered: nothing is left to send
            Instant at = now();
            transactions.run(() -> {
                webhooks.insertAttempt(
                        invocation.account(),
                        invocation.id(),
                        new Attempt(
                                0,
                                invocation.id(),
                                at,
                                at,
                                Outcome.NETWORK_ERROR,
                                OptionalInt.empty(),
                                Optional.of("The event is no longer kept"),
                                0));
                webhooks.abandon(invocation.account(), invocation.id(), invocation.attempts() + 1, at);
            });
            return;
        }
        byte[] body = payloads.render(event.get());
        Instant started = now();
        WebhookClient.Result result =
                client.send(service.target(stored.get()), Optional.of(Long.toString(invocation.id())), body);
        if (closed && Thread.currentThread().isInterrupted()) {
            return; // the node stops: the lease runs out and another node delivers it
        }
        Instant completed = now();
        deliveries.get(result.outcome()).increment();
        int attempts = invocation.attempts() + 1;
        transactions.run(() -> {
            webhooks.insertAttempt(
                    invocation.account(),
                    invocation.id(),
                    new Attempt(
                            0,
                            invocation.id(),
                            started,
                            completed,
                            result.outcome(),
                            result.statusCode(),
                            result.error(),
                            result.durationMillis()));
            if (result.outcome() == Outcome.SUCCESS) {
                webhooks.succeeded(invocation.account(), invocation.id(), attempts, result.statusCode(), completed);
            } else if (attempts >= settings.maxAttempts()) {
                webhooks.failed(
                        invocation.account(),
                        invocation.webhookId(),
                        invocation.id(),
                        attempts,
                        result.statusCode(),
                        completed);
            } else {
                webhooks.retryAt(
                        invocation.account(),
                        invocation.id(),
                        attempts,
                        result.statusCode(),
                        completed.plus(settings.backoff(attempts)));
            }
        });
        if (result.outcome() != Outcome.SUCCESS && attempts >= settings.maxAttempts()) {
            log.warn(
                    "Webhook {} deactivated: invocation {} failed {} attempts ({})",
                    invocation.webhookId(),
                    invocation.id(),
                    attempts,
                    result.outcome().key());
        }
    }

    /** Waits the idle poll, or longer after failed passes: twice as long for each, up to {@link #MAX_PAUSE}. */
    private void pause(int failures) {
        long millis = settings.idlePoll().toMillis();
        for (int i = 0; i < failures && millis < MAX_PAUSE.toMillis(); i++) {
            millis *= 2;
        }
        synchronized (wake) {
            if (closed) {
                return;
            }
            try {
                wake.wait(Math.min(millis, MAX_PAUSE.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
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
     * Stops the worker: the deliveries under way finish (each within the request timeout), waited for up to 15 s; what
     * it had claimed and not delivered is claimed again by a node when the lease runs out.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            try {
                running.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        senders.shutdownNow();
    }
}
