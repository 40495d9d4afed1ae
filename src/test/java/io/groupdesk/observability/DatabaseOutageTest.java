package io.groupdesk.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TcpRelay;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The database really goes away: the node reaches it through a TCP relay (in front of an H2 TCP server, or of the
 * PostgreSQL server), and the relay is stopped, which drops every pooled connection and refuses new ones.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class DatabaseOutageTest {
    private static Server h2;
    private static Path h2Directory;
    private static TestDatabase.Scratch scratch;
    private static TcpRelay relay;
    private static TestApp app;
    private static Http http;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database) throws Exception {
        String url;
        if (database == TestDatabase.H2) {
            // a file database: an in-memory one is closed by H2 when its last connection breaks
            h2Directory = Files.createTempDirectory("groupdesk-outage");
            h2 = Server.createTcpServer(
                            "-tcpPort",
                            Integer.toString(freePort()),
                            "-ifNotExists",
                            "-baseDir",
                            h2Directory.toString())
                    .start();
            relay = new TcpRelay("127.0.0.1", h2.getPort()).start();
            url = "jdbc:h2:tcp://127.0.0.1:" + relay.port() + "/outage"
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        } else {
            scratch = database.create();
            URI target = URI.create(scratch.url().substring("jdbc:".length()));
            relay = new TcpRelay(target.getHost(), target.getPort() < 0 ? 5432 : target.getPort()).start();
            url = scratch.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + relay.port() + "/");
        }
        // a request waits 1.5 s for a connection instead of HikariCP's 30 s, to keep the test short
        System.setProperty("groupdesk.db.connection-timeout-ms", "1500");
        try {
            app = TestApp.start(database, Map.of("GROUPDESK_DB_URL", url));
        } finally {
            System.clearProperty("groupdesk.db.connection-timeout-ms");
        }
        http = app.http();
    }

    @AfterParameterizedClassInvocation
    static void stop() throws Exception {
        app.close();
        relay.close();
        if (h2 != null) {
            h2.stop();
            h2 = null;
            try (Stream<Path> files = Files.walk(h2Directory)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
        if (scratch != null) {
            scratch.close();
            scratch = null;
        }
    }

    @AfterEach
    void databaseBack() throws Exception {
        relay.stop();
        relay.start();
        // asserted, so that a node slow to recover from an outage fails here rather than only slowing the suite
        Response back = HealthApiTest.pollUntil(http, "/actuator/health/readiness", 200, Duration.ofSeconds(20));
        assertThat(back.status()).isEqualTo(200);
    }

    @Test
    void readinessGoesDownWhileTheDatabaseIsUnreachableAndComesBackWithIt() throws Exception {
        // given
        assertThat(http.get("/actuator/health/readiness").send().status()).isEqualTo(200);

        // when
        relay.stop();
        Response down = HealthApiTest.pollUntil(http, "/actuator/health/readiness", 503, Duration.ofSeconds(10));
        Response liveness = http.get("/actuator/health/liveness").send();
        Response health = http.get("/actuator/health").send();
        relay.start();
        Response up = HealthApiTest.pollUntil(http, "/actuator/health/readiness", 200, Duration.ofSeconds(20));

        // then
        assertThat(down.status()).isEqualTo(503);
        JsonNode body = down.json();
        assertThat(body.get("status").asString()).isEqualTo("DOWN");
        assertThat(body.get("components").get("db").get("status").asString()).isEqualTo("DOWN");
        // Boot's details for a database that is down: the failure's class, or the failed isValid()
        assertThat(body.get("components").get("db").get("details").propertyNames())
                .containsAnyOf("error", "validationQuery");
        assertThat(body.get("components").get("readinessState").get("status").asString())
                .isEqualTo("UP");
        assertThat(down.body()).doesNotContain("jdbc:").doesNotContain("password");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asString()).isEqualTo("DOWN");
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.json().get("components").get("db").get("status").asString())
                .isEqualTo("UP");
    }

    @Test
    void requestThatFailsOnTheDatabaseAnswers500WithTheRequestIdInBodyHeaderAndLog() throws Exception {
        // given
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logged.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        logged.start();
        root.addAppender(logged);
        relay.stop();

        // when
        Response response;
        try {
            response = http.get("/api/v2/groups.json")
                    .authorization(Http.basic(TestApp.ADMIN_EMAIL + "/token", TestApp.ADMIN_TOKEN))
                    .header("X-Request-Id", "outage-req-42")
                    .send();
        } finally {
            root.detachAppender(logged);
        }

        // then
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("X-Request-Id")).contains("outage-req-42");
        assertThat(response.json().get("error").asString()).isEqualTo("InternalError");
        assertThat(response.json().get("id").asString()).isEqualTo("outage-req-42");
        assertThat(logged.list)
                .filteredOn(event -> event.getFormattedMessage().startsWith("unhandled failure"))
                .singleElement()
                .satisfies(event -> assertThat(event.getMDCPropertyMap()).containsEntry("request_id", "outage-req-42"));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
