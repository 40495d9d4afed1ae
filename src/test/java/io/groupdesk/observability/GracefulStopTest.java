package io.groupdesk.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * A node told to stop (SIGTERM runs the same {@code close()}) stops taking connections but finishes the requests it
 * already has: each is answered, its change is kept and its access line is written before the node is gone.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class GracefulStopTest {
    @Parameter
    TestDatabase database;

    @Test
    void aRequestInFlightWhenTheNodeStopsIsAnsweredKeptAndLogged() throws Exception {
        // given a node, and a group whose row another connection holds locked, so an update of it waits
        TestApp app = TestApp.start(database);
        ListAppender<ILoggingEvent> accessLog = captureAccessLog();
        CompletableFuture<Void> stopping = null;
        Map<String, String> env = app.environment();
        TestAccount account = app.fixtures().account();
        Http http = app.http();
        long id = http.post("/api/v2/groups.json")
                .host(account.host())
                .as(account.admin())
                .json("{\"group\":{\"name\":\"Before the stop\"}}")
                .send()
                .json()
                .get("group")
                .get("id")
                .asLong();
        try (Connection blocker = DriverManager.getConnection(
                        env.get("GROUPDESK_DB_URL"), env.get("GROUPDESK_DB_USER"), env.get("GROUPDESK_DB_PASSWORD"));
                Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.executeUpdate("UPDATE agent_groups SET description = 'held' WHERE id = " + id);
            CompletableFuture<Response> update =
                    CompletableFuture.supplyAsync(() -> http.put("/api/v2/groups/" + id + ".json")
                            .host(account.host())
                            .as(account.admin())
                            .header("X-Request-Id", "in-flight-at-stop")
                            .json("{\"group\":{\"name\":\"Renamed during the stop\"}}")
                            .send());
            awaitLockWait(statement);

            // when the node is told to stop while that request waits
            stopping = CompletableFuture.runAsync(app::close);
            awaitRefused(http.port());
            blocker.commit();

            // then the waiting request is answered, and the node stops once it has been
            Response answered = update.get(30, TimeUnit.SECONDS);
            stopping.get(30, TimeUnit.SECONDS);
            assertThat(answered.status()).as(answered.body()).isEqualTo(200);
            assertThat(answered.json().get("group").get("name").asString()).isEqualTo("Renamed during the stop");
            assertThat(accessLog.list).anySatisfy(event -> assertThat(event.getMDCPropertyMap())
                    .containsEntry(RequestIds.MDC_KEY, "in-flight-at-stop"));
        } finally {
            ((Logger) LoggerFactory.getLogger(HttpObservation.ACCESS_LOGGER)).detachAppender(accessLog);
            if (stopping == null) {
                app.close();
            }
        }
    }

    private static ListAppender<ILoggingEvent> captureAccessLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        appender.start();
        ((Logger) LoggerFactory.getLogger(HttpObservation.ACCESS_LOGGER)).addAppender(appender);
        return appender;
    }

    /** Waits until some session of the database waits for a lock: the request has reached the held row. */
    private void awaitLockWait(Statement statement) throws Exception {
        String waiting = database == TestDatabase.H2
                ? "SELECT COUNT(*) FROM information_schema.sessions WHERE blocker_id IS NOT NULL"
                : "SELECT COUNT(*) FROM pg_locks WHERE NOT granted";
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            try (ResultSet rows = statement.executeQuery(waiting)) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the update never waited for the held row");
    }

    /** Waits until the port takes no new connection: the node has begun to stop. */
    private static void awaitRefused(int port) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            } catch (ConnectException refused) {
                return;
            } catch (java.io.IOException other) {
                // a timeout or reset: try again
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the port kept taking connections");
    }
}
