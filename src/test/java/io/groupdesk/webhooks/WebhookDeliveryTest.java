package io.groupdesk.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.Groupdesk;
import io.groupdesk.access.Caller;
import io.groupdesk.config.Config;
import io.groupdesk.events.Change;
import io.groupdesk.events.EventType;
import io.groupdesk.events.NewEvent;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.WebhookReceiver;
import io.groupdesk.testing.WebhookReceiver.Delivery;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Delivery from the outbox: a window of deliveries in flight per webhook; retries until a failing endpoint recovers,
 * every event delivered; deactivation after the last attempt; two nodes on one database delivering every event.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class WebhookDeliveryTest {
    private static final int MAX_ATTEMPTS = 4;
    private static final int WINDOW = 4;

    @RegisterExtension
    static final AppExtension app = new AppExtension(Map.of(
            "GROUPDESK_WEBHOOKS_ALLOW_PRIVATE_TARGETS",
            "true",
            "GROUPDESK_WEBHOOKS_RETRY_BASE_MS",
            "20",
            "GROUPDESK_WEBHOOKS_MAX_ATTEMPTS",
            Integer.toString(MAX_ATTEMPTS),
            "GROUPDESK_WEBHOOKS_CONCURRENCY",
            Integer.toString(WINDOW)));

    @Parameter
    TestDatabase database;

    private static WebhookFields subscribed(String endpoint) {
        return new WebhookFields(
                Optional.of("Names"),
                Optional.empty(),
                Optional.of(endpoint),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(List.of(EventType.USER_NAME_CHANGED.key())),
                Optional.empty(),
                Optional.empty());
    }

    /** The envelope ids the receiver got with a 2xx, in the order it got them. */
    private static List<Long> deliveredIds(WebhookReceiver receiver) {
        return receiver.succeeded().stream()
                .map(d -> Long.parseLong(d.json().get("id").asString()))
                .toList();
    }

    /** {@code groupdesk_webhook_deliveries_total} of one outcome, as the node's Prometheus endpoint shows it. */
    private static double deliveries(String outcome) {
        String line = "groupdesk_webhook_deliveries_total{outcome=\"" + outcome + "\"}";
        return app.http()
                .get("/actuator/prometheus")
                .send()
                .body()
                .lines()
                .filter(l -> l.startsWith(line))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + line));
    }

    /** {@code count} name changes of {@code agent} recorded in one transaction; their ids, in order. */
    private static List<Long> nameChanges(TestEvents events, Caller admin, TestAgent agent, int count) {
        NewEvent[] changes = new NewEvent[count];
        for (int i = 0; i < count; i++) {
            changes[i] = NewEvent.ofAgent(
                    EventType.USER_NAME_CHANGED,
                    agent.agent().id(),
                    "name " + (i + 1),
                    Map.of("name", new Change("name " + i, "name " + (i + 1))));
        }
        long last = events.record(admin, changes);
        return LongStream.rangeClosed(last - count + 1, last).boxed().toList();
    }

    @Test
    void severalDeliveriesOfOneWebhookAreInFlightAtOnceUpToItsWindow() {
        // given: an endpoint that holds every request open
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        TestEvents events = new TestEvents(app.groupdesk().database().jdbi());
        try (WebhookReceiver receiver = WebhookReceiver.start().hold()) {
            app.groupdesk().webhooks().create(admin, subscribed(receiver.url("/window")));

            // when: ten events at once
            List<Long> recorded = nameChanges(events, admin, agent, 10);

            // then: the window's worth is open at the endpoint together, and no more
            assertThat(WebhookReceiver.await(() -> receiver.open() == WINDOW, Duration.ofSeconds(20)))
                    .as("requests open: %s", receiver.open())
                    .isTrue();
            WebhookReceiver.await(() -> false, Duration.ofMillis(300));
            assertThat(receiver.open()).isEqualTo(WINDOW);

            // when: the endpoint answers
            receiver.release();

            // then: every event is delivered once, never more than the window at a time
            assertThat(WebhookReceiver.await(() -> receiver.succeeded().size() >= 10, Duration.ofSeconds(20)))
                    .isTrue();
            assertThat(deliveredIds(receiver).stream().sorted().toList()).isEqualTo(recorded);
            assertThat(receiver.mostOpen()).isEqualTo(WINDOW);
        }
    }

    @Test
    void anEndpointThatFailsThenRecoversGetsEveryEvent() {
        // given
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        TestEvents events = new TestEvents(app.groupdesk().database().jdbi());
        double failedBefore = deliveries("http_error");
        double succeededBefore = deliveries("success");
        try (WebhookReceiver receiver = WebhookReceiver.start().failNext(MAX_ATTEMPTS - 1, 500)) {
            Webhook webhook = app.groupdesk().webhooks().create(admin, subscribed(receiver.url("/flaky")));

            // when: twenty events at once, the first three requests failing
            List<Long> recorded = nameChanges(events, admin, agent, 20);

            // then: each is delivered once, after the failures
            assertThat(WebhookReceiver.await(() -> receiver.succeeded().size() >= 20, Duration.ofSeconds(20)))
                    .as("deliveries so far: %s", receiver.deliveries().size())
                    .isTrue();
            assertThat(deliveredIds(receiver).stream().sorted().toList()).isEqualTo(recorded);
            assertThat(receiver.deliveries()).hasSize(20 + MAX_ATTEMPTS - 1);
            // (each attempt is recorded just after the endpoint answered it)
            WebhookReceiver.await(
                    () ->
                            app
                                    .groupdesk()
                                    .webhooks()
                                    .invocations(admin, webhook.id(), PageRequest.first(100))
                                    .items()
                                    .stream()
                                    .allMatch(i -> i.state() == Invocation.State.SUCCEEDED),
                    Duration.ofSeconds(10));
            List<Invocation> invocations = app.groupdesk()
                    .webhooks()
                    .invocations(admin, webhook.id(), PageRequest.first(100))
                    .items();
            assertThat(invocations).extracting(Invocation::state).containsOnly(Invocation.State.SUCCEEDED);
            assertThat(invocations.stream().mapToInt(Invocation::attempts).sum())
                    .isEqualTo(20 + MAX_ATTEMPTS - 1);
            List<Attempt.Outcome> outcomes = new ArrayList<>();
            for (Invocation invocation : invocations) {
                List<Attempt> attempts = app.groupdesk().webhooks().attempts(admin, webhook.id(), invocation.id());
                assertThat(attempts.get(attempts.size() - 1).outcome()).isEqualTo(Attempt.Outcome.SUCCESS);
                attempts.forEach(attempt -> outcomes.add(attempt.outcome()));
            }
            assertThat(outcomes.stream().filter(o -> o == Attempt.Outcome.HTTP_ERROR))
                    .hasSize(MAX_ATTEMPTS - 1);
            assertThat(app.groupdesk().webhooks().get(admin, webhook.id()).status())
                    .isEqualTo(Webhook.Status.ACTIVE);
            // and the attempts are counted by outcome
            assertThat(deliveries("http_error") - failedBefore).isEqualTo(MAX_ATTEMPTS - 1);
            assertThat(deliveries("success") - succeededBefore).isEqualTo(20);
        }
    }

    @Test
    void theLastFailedAttemptDeactivatesTheWebhookWhichResumesWhenActivatedAgain() {
        // given
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        TestEvents events = new TestEvents(app.groupdesk().database().jdbi());
        try (WebhookReceiver receiver = WebhookReceiver.start().failNext(MAX_ATTEMPTS, 503)) {
            Webhook webhook = app.groupdesk().webhooks().create(admin, subscribed(receiver.url("/down")));

            // when: every attempt of the first event fails
            long failing = events.nameChanged(admin, agent, "a", "b");
            assertThat(WebhookReceiver.await(
                            () -> app.groupdesk()
                                            .webhooks()
                                            .get(admin, webhook.id())
                                            .status()
                                    == Webhook.Status.INACTIVE,
                            Duration.ofSeconds(20)))
                    .isTrue();
            long whileInactive = events.nameChanged(admin, agent, "b", "c");

            // then: the invocation failed and says it deactivated the webhook; nothing more is sent meanwhile
            Invocation invocation = app.groupdesk()
                    .webhooks()
                    .invocations(admin, webhook.id(), PageRequest.first(10))
                    .items()
                    .get(0);
            assertThat(invocation.eventId()).isEqualTo(failing);
            assertThat(invocation.state()).isEqualTo(Invocation.State.FAILED);
            assertThat(invocation.attempts()).isEqualTo(MAX_ATTEMPTS);
            assertThat(invocation.webhookDeactivated()).isTrue();
            assertThat(invocation.lastStatusCode()).hasValue(503);
            app.groupdesk().webhookWorker().runOnce();
            assertThat(receiver.deliveries()).hasSize(MAX_ATTEMPTS);

            // when: activated again
            app.groupdesk()
                    .webhooks()
                    .update(admin, webhook.id(), WebhookFields.none().withStatus("active"));

            // then: the event recorded while it was inactive is delivered
            assertThat(WebhookReceiver.await(() -> receiver.succeeded().size() == 1, Duration.ofSeconds(20)))
                    .isTrue();
            assertThat(deliveredIds(receiver)).containsExactly(whileInactive);
        }
    }

    @Test
    void twoNodesOnOneDatabaseDeliverEveryEvent() throws Exception {
        // given
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        TestEvents events = new TestEvents(app.groupdesk().database().jdbi());
        Map<String, String> environment = new HashMap<>(app.environment());
        try (WebhookReceiver receiver = WebhookReceiver.start().delay(Duration.ofMillis(2));
                Groupdesk second =
                        Groupdesk.start(Config.from(environment), new PrintStream(OutputStream.nullOutputStream()))) {
            List<Webhook> webhooks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                webhooks.add(app.groupdesk().webhooks().create(admin, subscribed(receiver.url("/node/" + i))));
            }

            // when: 100 events, recorded through both nodes' databases at once
            int count = 100;
            long first = events.nameChanged(admin, agent, "0", "1");
            for (int i = 1; i < count; i++) {
                new TestEvents((i % 2 == 0 ? app.groupdesk() : second)
                                .database()
                                .jdbi())
                        .nameChanged(admin, agent, Integer.toString(i), Integer.toString(i + 1));
            }
            List<Long> recorded = LongStream.range(first, first + count).boxed().toList();

            // then: every webhook got every event
            int expected = count * webhooks.size();
            boolean all = WebhookReceiver.await(
                    () -> receiver.succeeded().stream()
                                    .map(d ->
                                            d.path() + "#" + d.json().get("id").asString())
                                    .distinct()
                                    .count()
                            >= expected,
                    Duration.ofSeconds(60));
            List<Delivery> delivered = receiver.succeeded();
            long duplicates = delivered.size()
                    - delivered.stream()
                            .map(d -> d.path() + "#" + d.json().get("id").asString())
                            .distinct()
                            .count();
            System.out.printf(
                    "two nodes (%s): %d events x %d webhooks, %d deliveries, %d duplicates%n",
                    database, count, webhooks.size(), delivered.size(), duplicates);
            assertThat(all).isTrue();
            for (int i = 0; i < webhooks.size(); i++) {
                String path = "/node/" + i;
                List<Long> ids = delivered.stream()
                        .filter(d -> d.path().equals(path))
                        .map(d -> Long.parseLong(d.json().get("id").asString()))
                        .distinct()
                        .sorted()
                        .toList();
                assertThat(ids).as(path).isEqualTo(recorded);
            }
            assertThat(duplicates).isZero();
        }
    }
}
