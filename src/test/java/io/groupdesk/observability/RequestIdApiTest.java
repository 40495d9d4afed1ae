package io.groupdesk.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** {@code X-Request-Id} on every answer, and the access log line that carries it. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class RequestIdApiTest {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAgent admin;

    @Parameter
    TestDatabase database;

    private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().account();
        admin = account.admin();
    }

    @BeforeEach
    void captureAccessLog() {
        accessLog.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        accessLog.start();
        ((Logger) LoggerFactory.getLogger(HttpObservation.ACCESS_LOGGER)).addAppender(accessLog);
    }

    @AfterEach
    void releaseAccessLog() {
        ((Logger) LoggerFactory.getLogger(HttpObservation.ACCESS_LOGGER)).detachAppender(accessLog);
    }

    @Test
    void echoesTheIdTheClientSent() {
        Response response = http.get("/api/v2/groups.json")
                .host(account.host())
                .as(admin)
                .header("X-Request-Id", "edge-7f3a.b_c:9")
                .send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Request-Id")).contains("edge-7f3a.b_c:9");
    }

    @Test
    void generatesAFreshIdForEveryRequestWithoutOne() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Response response = http.get("/api/v2/groups.json")
                    .host(account.host())
                    .as(admin)
                    .send();
            assertThat(response.header("X-Request-Id"))
                    .hasValueSatisfying(id -> assertThat(id).matches(UUID));
            ids.add(response.header("X-Request-Id").orElseThrow());
        }

        assertThat(ids).hasSize(3);
    }

    @Test
    void errorsCarryTheIdToo() {
        Response unknownPath =
                http.get("/nothing/here").header("X-Request-Id", "r-404").send();
        Response unknownZendeskPath = http.get("/api/v2/nothing.json")
                .header("X-Request-Id", "r-404z")
                .send();
        Response unauthenticated =
                http.get("/api/v2/groups.json").header("X-Request-Id", "r-401").send();
        Response usedeskUnauthenticated = http.post("/groups")
                .json("{\"api_token\": \"wrong\"}")
                .header("X-Request-Id", "r-401u")
                .send();
        Response invalid = http.post("/api/v2/groups.json")
                .host(account.host())
                .as(admin)
                .header("X-Request-Id", "r-422")
                .json("{\"group\": {\"name\": \"\"}}")
                .send();

        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.header("X-Request-Id")).contains("r-404");
        assertThat(unknownZendeskPath.status()).isEqualTo(404);
        assertThat(unknownZendeskPath.header("X-Request-Id")).contains("r-404z");
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.header("X-Request-Id")).contains("r-401");
        assertThat(usedeskUnauthenticated.status()).isEqualTo(401);
        assertThat(usedeskUnauthenticated.header("X-Request-Id")).contains("r-401u");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.header("X-Request-Id")).contains("r-422");
    }

    @Test
    void replacesHostileIds() throws Exception {
        List<byte[]> hostile = List.of(
                "a".repeat(129).getBytes(StandardCharsets.US_ASCII),
                "abc\rInjected: yes".getBytes(StandardCharsets.US_ASCII),
                "abc%0d%0aInjected:%20yes".getBytes(StandardCharsets.US_ASCII),
                "caf\u00e9-\u4e2d\u6587".getBytes(StandardCharsets.UTF_8),
                "<script>alert(1)</script>".getBytes(StandardCharsets.US_ASCII),
                "two words".getBytes(StandardCharsets.US_ASCII));

        for (byte[] value : hostile) {
            String answer = rawGet("/api/v2/groups.json", value);
            String status = answer.substring(0, answer.indexOf("\r\n"));
            Matcher id = Pattern.compile("(?im)^X-Request-Id: ([^\r\n]*)").matcher(answer);
            assertThat(answer).as(new String(value, StandardCharsets.UTF_8)).doesNotContain("Injected");
            if (status.contains(" 400 ") && value[3] == '\r') {
                // a bare CR inside a header: Jetty refuses the request before any handler sees it, echoing nothing
                continue;
            }
            assertThat(id.find()).as(status).isTrue();
            assertThat(id.group(1)).matches(UUID);
        }
    }

    @Test
    void accessLogNamesRouteStatusAndIdAndHidesTokensInTheQuery() {
        // when
        http.get("/api/v2/groups/424242.json")
                .host(account.host())
                .as(admin)
                .header("X-Request-Id", "log-check-1")
                .send();
        http.get("/groups?api_token=" + admin.token())
                .host(account.host())
                .header("X-Request-Id", "log-check-2")
                .send();

        // then
        ILoggingEvent read = line("log-check-1");
        assertThat(read.getFormattedMessage())
                .isEqualTo("GET /api/v2/groups/424242.json 404 "
                        + read.getFormattedMessage().split(" ")[3]
                        + " ms (zendesk /api/v2/groups/{id}.json)");
        ILoggingEvent usedesk = line("log-check-2");
        assertThat(usedesk.getFormattedMessage())
                .startsWith("GET /groups?api_token=*** 200 ")
                .endsWith("(usedesk /groups)")
                .doesNotContain(admin.token());
    }

    private ILoggingEvent line(String requestId) {
        return accessLog.list.stream()
                .filter(event -> requestId.equals(event.getMDCPropertyMap().get(RequestIds.MDC_KEY)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no access line for " + requestId + " in " + accessLog.list));
    }

    /** A request written byte for byte, since HTTP clients refuse to send malformed header values. */
    private static String rawGet(String path, byte[] requestId) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", http.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + account.host() + "\r\nAuthorization: "
                            + Http.token(admin) + "\r\nConnection: close\r\nX-Request-Id: ")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(requestId);
            out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
