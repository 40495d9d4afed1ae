package io.groupdesk.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The health probes, in Spring Boot's shapes and status codes, on a running node. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class HealthApiTest {
    private static final String METRICS_TOKEN = "metrics-token-for-health-test";

    // a metrics token is set to show that it does not reach the probes
    @RegisterExtension
    static final AppExtension app = new AppExtension(Map.of("GROUPDESK_METRICS_TOKEN", METRICS_TOKEN));

    private static Http http;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
    }

    @Test
    void healthListsEveryComponentUpWithBootsDetails() {
        Response response = http.get("/actuator/health").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/vnd.spring-boot.actuator.v3+json"));
        JsonNode body = response.json();
        assertThat(body.get("status").asString()).isEqualTo("UP");
        JsonNode components = body.get("components");
        assertThat(components.propertyNames())
                .containsExactly("db", "diskSpace", "livenessState", "ping", "readinessState");
        JsonNode db = components.get("db");
        assertThat(db.get("status").asString()).isEqualTo("UP");
        assertThat(db.get("details").get("database").asString())
                .isEqualTo(database == TestDatabase.H2 ? "H2" : "PostgreSQL");
        assertThat(db.get("details").get("validationQuery").asString()).isEqualTo("isValid()");
        JsonNode disk = components.get("diskSpace").get("details");
        assertThat(disk.get("threshold").asLong()).isEqualTo(10L * 1024 * 1024);
        assertThat(disk.get("free").asLong()).isPositive();
        assertThat(disk.get("total").asLong())
                .isGreaterThanOrEqualTo(disk.get("free").asLong());
        assertThat(disk.get("exists").asBoolean()).isTrue();
        assertThat(components.get("livenessState").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("readinessState").get("status").asString()).isEqualTo("UP");
        assertThat(body.get("groups").toString()).isEqualTo("[\"liveness\",\"readiness\"]");
    }

    @Test
    void healthNeedsNoCredentialsAndShowsNoConnectionSettings() {
        Response response = http.get("/actuator/health").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body())
                .doesNotContain("jdbc:")
                .doesNotContain("password")
                .doesNotContain("127.0.0.1")
                .doesNotContain(METRICS_TOKEN);
    }

    @Test
    void livenessIsJustItsStatus() {
        Response response = http.get("/actuator/health/liveness").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void readinessIncludesTheDatabase() {
        Response response = http.get("/actuator/health/readiness").send();

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("status").asString()).isEqualTo("UP");
        assertThat(body.get("components").propertyNames()).containsExactly("db", "readinessState");
        assertThat(body.get("components").get("db").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void answersPlainJsonToClientsThatAskForIt() {
        Response response = http.get("/actuator/health/readiness")
                .header("Accept", "application/json")
                .send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void readinessIsOutOfServiceWhileTheNodeShutsDownAndLivenessStaysUp() throws Exception {
        // given a second node with a shutdown grace period
        TestApp stopping = TestApp.start(database, Map.of("GROUPDESK_SHUTDOWN_GRACE_SECONDS", "3"));
        Http node = stopping.http();
        assertThat(node.get("/actuator/health/readiness").send().status()).isEqualTo(200);

        // when it is told to stop
        CompletableFuture<Void> closing = CompletableFuture.runAsync(stopping::close);
        Response readiness = pollUntil(node, "/actuator/health/readiness", 503, Duration.ofSeconds(2));
        Response liveness = node.get("/actuator/health/liveness").send();
        Response health = node.get("/actuator/health").send();
        closing.get();

        // then
        assertThat(readiness.status()).isEqualTo(503);
        assertThat(readiness.json().get("status").asString()).isEqualTo("OUT_OF_SERVICE");
        assertThat(readiness
                        .json()
                        .get("components")
                        .get("readinessState")
                        .get("status")
                        .asString())
                .isEqualTo("OUT_OF_SERVICE");
        assertThat(readiness.json().get("components").get("db").get("status").asString())
                .isEqualTo("UP");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asString()).isEqualTo("OUT_OF_SERVICE");
    }

    /** Asks {@code path} until it answers {@code status} or {@code limit} has passed; the last answer. */
    static Response pollUntil(Http http, String path, int status, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        Response response = http.get(path).send();
        while (response.status() != status && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            response = http.get(path).send();
        }
        return response;
    }
}
