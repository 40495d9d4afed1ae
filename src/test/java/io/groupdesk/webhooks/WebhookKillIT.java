package io.groupdesk.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.AgentService;
import io.groupdesk.events.Change;
import io.groupdesk.events.EventType;
import io.groupdesk.events.NewEvent;
import io.groupdesk.shared.AccountId;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service killed with SIGKILL while it delivers webhooks, then started again on the same PostgreSQL
 * schema: every event is delivered, what the killed node had claimed once its lease ran out. An event the endpoint
 * got but the killed node never recorded is delivered again (at least once); the test counts and reports those, at
 * most the webhook's window.
 */
class WebhookKillIT {
    private static final Path JAR = Path.of("target", "groupdesk.jar");
    private static final int EVENTS = 40;
    private static final int WINDOW = 4;

    @TempDir
    Path directory;

    @Test
    void aNodeKilledWhileDeliveringLosesNoEvent() throws Exception {
        assumeTrue(
                TestDatabase.all().anyMatch(TestDatabase.POSTGRESQL::equals),
                "GROUPDESK_TEST_PG_URL is unset: the test writes events while the node runs, which an H2 file forbids");
        TestDatabase.Scratch database = TestDatabase.POSTGRESQL.create();
        Map<String, String> environment = environment(database);
        Path log = directory.resolve("groupdesk.log");
        try (database;
                WebhookReceiver receiver = WebhookReceiver.start().delay(Duration.ofMillis(150))) {
            // given: a node delivering to a slow endpoint
            Process node = start(environment, log);
            Http http = Http.on(Integer.parseInt(environment.get("SERVER_PORT")));
            awaitReady(http, node, log);
            Http.Response created = http.post("/api/v2/webhooks")
                    .authorization(Http.basic(TestApp.ADMIN_EMAIL + "/token", TestApp.ADMIN_TOKEN))
                    .json("{\"webhook\":{\"name\":\"Kill\",\"endpoint\":\"" + receiver.url("/kill")
                            + "\",\"status\":\"active\",\"subscriptions\":[\"zen:event-type:user.name_changed\"]}}")
                    .send();
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            Jdbi jdbi = Jdbi.create(database.url(), database.user(), database.password());
            AccountId account =
                    new AccountId(jdbi.withHandle(h -> h.createQuery("SELECT id FROM accounts WHERE subdomain = 'demo'")
                            .mapTo(Long.class)
                            .one()));
            long agent = jdbi.withHandle(
                    h -> h.createQuery("SELECT id FROM agents WHERE account_id = :account AND email_key = :email")
                            .bind("account", account.value())
                            .bind("email", AgentService.emailKey(TestApp.ADMIN_EMAIL))
                            .mapTo(Long.class)
                            .one());
            TestEvents events = new TestEvents(jdbi);
            List<Long> recorded = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                recorded.add(events.record(
                        Caller.system(account),
                        NewEvent.ofAgent(
                                EventType.USER_NAME_CHANGED,
                                new io.groupdesk.shared.AgentId(agent),
                                "Name " + i,
                                Map.of("name", new Change("Name " + (i - 1), "Name " + i)))));
            }

            // when: killed in the middle of the deliveries
            assertThat(WebhookReceiver.await(() -> receiver.deliveries().size() >= 5, Duration.ofSeconds(60)))
                    .isTrue();
            node.destroyForcibly();
            node.waitFor(30, TimeUnit.SECONDS);
            int beforeKill = receiver.deliveries().size();
            Process restarted = start(environment, log);
            try {
                awaitReady(http, restarted, log);

                // then: every event is delivered after the restart
                boolean all =
                        WebhookReceiver.await(() -> distinctIds(receiver).size() >= EVENTS, Duration.ofSeconds(120));
                int duplicates =
                        receiver.succeeded().size() - distinctIds(receiver).size();
                System.out.printf(
                        "webhook kill: %d events, %d requests before the kill, %d after, %d delivered twice%n",
                        EVENTS, beforeKill, receiver.deliveries().size() - beforeKill, duplicates);
                assertThat(all)
                        .as("events delivered: %s", distinctIds(receiver).size())
                        .isTrue();
                assertThat(distinctIds(receiver).stream().sorted().toList()).isEqualTo(recorded);
                // a delivery holds its place in the window until its attempt is recorded: only the window's worth can
                // have reached the endpoint unrecorded
                assertThat(duplicates).isLessThanOrEqualTo(WINDOW);
            } finally {
                restarted.destroy();
                restarted.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Set<Long> distinctIds(WebhookReceiver receiver) {
        Set<Long> ids = new LinkedHashSet<>();
        for (WebhookReceiver.Delivery delivery : receiver.succeeded()) {
            ids.add(Long.parseLong(delivery.json().get("id").asString()));
        }
        return ids;
    }

    private Map<String, String> environment(TestDatabase.Scratch database) throws IOException {
        Map<String, String> environment = new HashMap<>();
        environment.put("SERVER_PORT", Integer.toString(freePort()));
        environment.put("GROUPDESK_DB_URL", database.url());
        environment.put("GROUPDESK_DB_USER", database.user());
        environment.put("GROUPDESK_DB_PASSWORD", database.password());
        environment.put(
                "GROUPDESK_DATA_DIR",
                Files.createDirectories(directory.resolve("data")).toString());
        environment.put("GROUPDESK_BOOTSTRAP_SUBDOMAIN", "demo");
        environment.put("GROUPDESK_BOOTSTRAP_ADMIN_EMAIL", TestApp.ADMIN_EMAIL);
        environment.put("GROUPDESK_BOOTSTRAP_ADMIN_PASSWORD", TestApp.ADMIN_PASSWORD);
        environment.put("GROUPDESK_BOOTSTRAP_API_TOKEN", TestApp.ADMIN_TOKEN);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        environment.put("GROUPDESK_SECRET_KEY", Base64.getEncoder().encodeToString(key));
        environment.put("GROUPDESK_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
        environment.put("GROUPDESK_WEBHOOKS_RETRY_BASE_MS", "50");
        environment.put("GROUPDESK_WEBHOOKS_LEASE_SECONDS", "3");
        environment.put("GROUPDESK_WEBHOOKS_CONCURRENCY", Integer.toString(WINDOW));
        return environment;
    }

    /** {@code java -jar target/groupdesk.jar} with {@code environment} and none of this JVM's GROUPDESK_ variables. */
    private static Process start(Map<String, String> environment, Path log) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the ITs through ./mvnw verify, after package");
        }
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-jar",
                JAR.toAbsolutePath().toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("GROUPDESK_"));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return builder.start();
    }

    private static void awaitReady(Http http, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Groupdesk exited:\n" + Files.readString(log));
            }
            try {
                if (http.get("/api/v2/users/me.json")
                                .authorization(Http.basic(TestApp.ADMIN_EMAIL + "/token", TestApp.ADMIN_TOKEN))
                                .send()
                                .status()
                        == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Groupdesk did not answer within 90 s:\n" + Files.readString(log));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
