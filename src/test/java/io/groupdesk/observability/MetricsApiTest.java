package io.groupdesk.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.UdeskSigner;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code /actuator/prometheus} after real requests through each dialect. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class MetricsApiTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAgent admin;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().account();
        admin = account.admin();
    }

    @Test
    void countsRequestsByDialectRouteTemplateAndStatus() {
        // given
        long first = app.fixtures().group(account.id(), "Metered one").id().value();
        long second = app.fixtures().group(account.id(), "Metered two").id().value();
        String series = "http_server_requests_seconds_count{dialect=\"zendesk\",method=\"GET\",outcome=\"SUCCESS\","
                + "status=\"200\",uri=\"/api/v2/groups/{id}.json\"}";
        double before = value(scrape(), series);

        // when two groups are read by id, and one that does not exist
        for (long id : new long[] {first, second}) {
            Response read = http.get("/api/v2/groups/" + id + ".json")
                    .host(account.host())
                    .as(admin)
                    .send();
            assertThat(read.status()).isEqualTo(200);
        }
        assertThat(http.get("/api/v2/groups/987654.json")
                        .host(account.host())
                        .as(admin)
                        .send()
                        .status())
                .isEqualTo(404);
        String metrics = scrape();

        // then both count under the route's template, and the 404 under its own status
        assertThat(value(metrics, series) - before).isEqualTo(2);
        assertThat(value(
                        metrics,
                        "http_server_requests_seconds_count{dialect=\"zendesk\",method=\"GET\","
                                + "outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"/api/v2/groups/{id}.json\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics)
                .doesNotContain("/api/v2/groups/" + first)
                .doesNotContain("/api/v2/groups/" + second)
                .doesNotContain("987654");
        assertThat(Pattern.compile("uri=\"[^\"]*/\\d+").matcher(metrics).find())
                .as("no raw id in a uri label")
                .isFalse();
    }

    @Test
    void recordsLatencyAsBootsHistogram() {
        // given
        http.get("/api/v2/groups.json").host(account.host()).as(admin).send();

        // when
        String metrics = scrape();

        // then
        String labels =
                "dialect=\"zendesk\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/v2/groups.json\"";
        assertThat(metrics).contains("# TYPE http_server_requests_seconds histogram");
        assertThat(value(metrics, "http_server_requests_seconds_bucket{" + labels + ",le=\"+Inf\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(Pattern.compile(
                                "http_server_requests_seconds_bucket\\{" + Pattern.quote(labels) + ",le=\"0\\.0\\d+\"")
                        .matcher(metrics)
                        .find())
                .as("buckets below a tenth of a second")
                .isTrue();
        assertThat(value(metrics, "http_server_requests_seconds_sum{" + labels + "}"))
                .isPositive();
    }

    @Test
    void labelsEachDialectByItsOwnName() {
        // when one request goes through each of the other dialects, and one to a path no route serves
        String token = Http.token(admin);
        assertThat(http.get("/groups.xml")
                        .host(account.host())
                        .authorization(token)
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(http.post("/groups")
                        .host(account.host())
                        .json("{\"api_token\": \"" + admin.token() + "\"}")
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(http.get("/open_api_v1/user_groups?"
                                + UdeskSigner.v2(admin.email(), admin.token()).query())
                        .host(account.host())
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(http.get("/no/such/path/4711").send().status()).isEqualTo(404);
        String metrics = scrape();

        // then
        assertThat(metrics)
                .contains(
                        "dialect=\"zendesk_xml\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/groups.xml\"")
                .contains("dialect=\"usedesk\",method=\"POST\",outcome=\"SUCCESS\",status=\"200\",uri=\"/groups\"")
                .contains("dialect=\"udesk\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\","
                        + "uri=\"/open_api_v1/user_groups\"")
                .contains("dialect=\"none\",method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"NOT_FOUND\"")
                .doesNotContainPattern("uri=\"[^\"]*4711");
    }

    @Test
    void keepsTheRequestSeriesCountFlatUnderAFloodOfInventedMethodsAndPaths() throws Exception {
        // given one request of each shape the flood sends, so that the series those shapes count under exist
        flood(4, "warm");
        scrape(); // the scrape itself is counted once it has answered
        String first = scrape();
        int before = requestSeries(first);

        // when five thousand requests invent a method, a path, or both, and some ask for an invented method by header
        int answered = flood(5_000, "flood");
        String metrics = scrape();
        int after = requestSeries(metrics);

        // then every one was answered, and none added a series
        System.out.printf("http_server_requests_seconds series: %d before the flood, %d after%n", before, after);
        assertThat(answered).isEqualTo(5_000);
        assertThat(after)
                .as("series before %d, after %d: %s", before, after, series(metrics))
                .isEqualTo(before);
        assertThat(metrics).doesNotContain("FLOOD").doesNotContain("flood-");
        assertThat(metrics)
                .contains("dialect=\"none\",method=\"OTHER\",outcome=\"CLIENT_ERROR\",status=\"404\","
                        + "uri=\"NOT_FOUND\"");
    }

    /**
     * Sends {@code count} requests down keep-alive connections, each inventing a method or a path (or both, or asking
     * for an invented method by {@code X-HTTP-Method-Override}), named after {@code tag}; returns how many answered.
     */
    private static int flood(int count, String tag) throws Exception {
        int answered = 0;
        int sent = 0;
        while (sent < count) {
            int batch = Math.min(250, count - sent);
            try (Socket socket = new Socket("localhost", http.port())) {
                socket.setSoTimeout(10_000);
                StringBuilder requests = new StringBuilder();
                for (int i = 0; i < batch; i++) {
                    int n = sent + i;
                    String invented = tag.toUpperCase(Locale.ROOT) + n;
                    String path = "/" + tag + "-" + n;
                    requests.append(
                            switch (n % 4) {
                                case 0 -> invented + " " + path + " HTTP/1.1\r\n";
                                case 1 -> invented + " /api/v2/groups.json HTTP/1.1\r\n";
                                case 2 -> "GET /open_api_v1" + path + " HTTP/1.1\r\n";
                                default -> "POST " + path + " HTTP/1.1\r\nX-HTTP-Method-Override: " + invented
                                        + "\r\nContent-Length: 0\r\n";
                            });
                    requests.append("Host: localhost\r\n\r\n");
                }
                socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                answered += responses(socket.getInputStream(), batch);
                sent += batch;
            }
        }
        return answered;
    }

    /** Reads until {@code expected} status lines have come, or the connection ends; returns how many came. */
    private static int responses(InputStream in, int expected) throws Exception {
        byte[] marker = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
        int seen = 0;
        int matched = 0;
        byte[] buffer = new byte[64 * 1024];
        for (int n; seen < expected && (n = in.read(buffer)) >= 0; ) {
            for (int i = 0; i < n; i++) {
                matched = buffer[i] == marker[matched] ? matched + 1 : buffer[i] == marker[0] ? 1 : 0;
                if (matched == marker.length) {
                    seen++;
                    matched = 0;
                }
            }
        }
        return seen;
    }

    private static int requestSeries(String metrics) {
        return series(metrics).size();
    }

    private static List<String> series(String metrics) {
        return metrics.lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_count{"))
                .map(line -> line.substring(0, line.lastIndexOf(' ')))
                .toList();
    }

    @Test
    void exposesThePoolTheJvmAndTheProcess() {
        String metrics = scrape();

        assertThat(value(metrics, "hikaricp_connections_max{pool=\"groupdesk\"}"))
                .isPositive();
        assertThat(metrics)
                .contains("hikaricp_connections_active{pool=\"groupdesk\"}")
                .contains("hikaricp_connections_acquire_seconds_count{pool=\"groupdesk\"}")
                .contains("jvm_memory_used_bytes{area=\"heap\"")
                .contains("jvm_threads_live_threads")
                .contains("jvm_classes_loaded_classes")
                .contains("process_uptime_seconds")
                .contains("process_cpu_usage")
                .contains("system_cpu_count");
        assertThat(metrics).containsPattern("jvm_gc_[a-z_]+");
    }

    @Test
    void answersInThePrometheusTextFormatWithoutCredentialsByDefault() {
        Response response = http.get("/actuator/prometheus").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
    }

    @Test
    void requiresTheBearerTokenWhenOneIsConfigured() {
        // given
        try (TestApp guarded = TestApp.start(database, Map.of("GROUPDESK_METRICS_TOKEN", "scrape-secret-123"))) {
            Http node = guarded.http();

            // when
            Response none = node.get("/actuator/prometheus").send();
            Response wrong = node.get("/actuator/prometheus")
                    .authorization("Bearer scrape-secret-124")
                    .send();
            Response right = node.get("/actuator/prometheus")
                    .authorization("Bearer scrape-secret-123")
                    .send();
            Response health = node.get("/actuator/health").send();

            // then
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.header("WWW-Authenticate")).contains("Bearer realm=\"metrics\"");
            assertThat(none.body()).doesNotContain("http_server_requests");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(right.status()).isEqualTo(200);
            assertThat(right.body()).contains("http_server_requests_seconds_count");
            assertThat(health.status()).isEqualTo(200);
        }
    }

    private static String scrape() {
        Response response = http.get("/actuator/prometheus").send();
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    /** The sample of {@code series} (name and labels exactly as exposed), 0 when absent. */
    static double value(String metrics, String series) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)", Pattern.MULTILINE)
                .matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
