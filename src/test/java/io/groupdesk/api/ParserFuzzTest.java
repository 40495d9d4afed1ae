package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.groupdesk.api.zendeskcommon.ZendeskCredentials;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.ValidationException;
import io.groupdesk.shared.WeeklyHours;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.UdeskSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of every parser that reads client input, with Jazzer. Jazzer fuzzes one fuzz test per JVM,
 * so one target feeds every parser: the first byte picks the parser, the rest is its input (choices such as the path are taken from the end). Pure parsers are called
 * directly; the vendor body, query and signature parsers are reached through the real HTTP app, because that is
 * where a parser's exception would turn into a 500.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs on the kept inputs under
 * {@code src/test/resources/io/groupdesk/api/ParserFuzzTestInputs/everyParser/} (seeds and past findings); the
 * surefire execution {@code fuzz} sets {@code JAZZER_FUZZ=1} and fuzzes for {@code maxDuration}. The database is
 * H2 only: what is fuzzed is parsing, which no database sees.
 */
class ParserFuzzTest {
    /** The parsers, in the order the selector byte picks them. */
    enum Target {
        QUERY_STRING,
        CURSOR,
        ZENDESK_CREDENTIALS,
        WEEKLY_HOURS,
        ZENDESK_GROUP_JSON,
        ZENDESK_USER_JSON,
        ZENDESK_MEMBERSHIP_JSON,
        ZENDESK_CREATE_MANY_JSON,
        ZENDESK_ACCOUNT_JSON,
        ZENDESK_PAGING,
        XML_GROUP,
        XML_GROUP_JSON,
        USEDESK_JSON,
        USEDESK_FORM,
        USEDESK_MULTIPART,
        USEDESK_QUERY,
        UDESK_SIGNATURE_QUERY,
        UDESK_BODY,
        UDESK_PAGING
    }

    private static final Target[] TARGETS = Target.values();
    private static final AtomicLongArray EXECUTIONS = new AtomicLongArray(TARGETS.length);
    private static TestApp app;
    private static Http http;
    private static TestAgent admin;
    private static String host;

    @BeforeAll
    static void start() {
        app = TestApp.start(TestDatabase.H2);
        http = app.http();
        var account = app.fixtures().account();
        admin = account.admin();
        host = account.host();
    }

    @AfterAll
    static void stop() throws IOException {
        String figures = IntStream.range(0, TARGETS.length)
                .mapToObj(i -> TARGETS[i].name().toLowerCase() + " " + EXECUTIONS.get(i))
                .collect(Collectors.joining("\n", "", "\n"));
        Path out = Path.of("target", "fuzz-executions-" + (fuzzing() ? "fuzz" : "regression") + ".txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, figures);
        System.out.print("executions per parser:\n" + figures);
        app.close();
    }

    private static boolean fuzzing() {
        String flag = System.getenv("JAZZER_FUZZ");
        return flag != null && !flag.isEmpty() && !flag.equals("0");
    }

    @FuzzTest(maxDuration = "25s")
    void everyParser(FuzzedDataProvider data) {
        // the HTTP targets talk to the app under test; Jazzer's SSRF detector would flag that as a finding
        BugDetectors.allowNetworkConnections((host, port) -> host.equals("localhost") && port == http.port());
        byte[] selector = data.consumeBytes(1); // from the front, so a kept input reads as selector + payload
        Target target = TARGETS[selector.length == 0 ? 0 : Byte.toUnsignedInt(selector[0]) % TARGETS.length];
        EXECUTIONS.incrementAndGet(target.ordinal());
        switch (target) {
            case QUERY_STRING -> queryString(data.consumeRemainingAsString());
            case CURSOR -> cursor(data.consumeRemainingAsString());
            case ZENDESK_CREDENTIALS -> credentials(data);
            case WEEKLY_HOURS -> weeklyHours(data);
            case ZENDESK_GROUP_JSON -> send(zendesk("POST", "/api/v2/groups.json", json(data)));
            case ZENDESK_USER_JSON -> send(zendesk(data.consumeBoolean() ? "POST" : "PUT", userPath(), json(data)));
            case ZENDESK_MEMBERSHIP_JSON -> send(zendesk("POST", "/api/v2/group_memberships.json", json(data)));
            case ZENDESK_CREATE_MANY_JSON -> send(
                    zendesk("POST", "/api/v2/group_memberships/create_many.json", json(data)));
            case ZENDESK_ACCOUNT_JSON -> send(zendesk("PUT", "/api/v2/groupdesk/account.json", json(data)));
            case ZENDESK_PAGING -> send(zendesk("GET", pagedZendeskPath(data) + "?" + query(data), new byte[0]));
            case XML_GROUP -> send(http.post("/groups.xml")
                    .host(host)
                    .as(admin)
                    .body("application/xml", data.consumeRemainingAsBytes()));
            case XML_GROUP_JSON -> send(
                    http.post("/groups.json").host(host).as(admin).body("application/json", json(data)));
            case USEDESK_JSON -> send(
                    http.post(usedeskPath(data)).host(host).body("application/json", usedeskJson(data)));
            case USEDESK_FORM -> send(http.post(usedeskPath(data))
                    .host(host)
                    .body("application/x-www-form-urlencoded", usedeskForm(data)));
            case USEDESK_MULTIPART -> send(http.post(usedeskPath(data))
                    .host(host)
                    .body("multipart/form-data; boundary=fuzz", multipart(data)));
            case USEDESK_QUERY -> send(http.get(usedeskPath(data) + "?api_token=" + admin.token() + "&" + query(data))
                    .host(host));
            case UDESK_SIGNATURE_QUERY -> send(
                    http.get("/open_api_v1/user_groups?" + query(data)).host(host));
            case UDESK_BODY -> send(http.post(
                            data.consumeBoolean()
                                    ? "/open_api_v1/user_groups?" + signed()
                                    : "/open_api_v1/agents?" + signed())
                    .host(host)
                    .body("application/json", json(data)));
            case UDESK_PAGING -> send(http.get("/open_api_v1/agents?" + signed() + "&" + query(data))
                    .host(host));
        }
    }

    private static void queryString(String raw) {
        QueryString parsed = QueryString.parse(raw);
        QueryString again = QueryString.parse(parsed.encode());
        assertThat(again.parameters()).isEqualTo(parsed.parameters());
    }

    private static void cursor(String text) {
        Optional<Cursor> cursor = Cursor.parse(text);
        cursor.ifPresent(c -> assertThat(Cursor.parse(c.encode())).contains(c));
    }

    private static void credentials(FuzzedDataProvider data) {
        String header = data.consumeBoolean()
                ? data.consumeRemainingAsString()
                : "Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString(data.consumeRemainingAsString().getBytes(StandardCharsets.UTF_8));
        ZendeskCredentials.parse(header);
    }

    private static void weeklyHours(FuzzedDataProvider data) {
        Map<DayOfWeek, List<String[]>> days = new EnumMap<>(DayOfWeek.class);
        int count = data.consumeInt(0, 7);
        for (int i = 0; i < count; i++) {
            List<String[]> ranges = new ArrayList<>();
            int n = data.consumeInt(0, 14);
            for (int r = 0; r < n; r++) {
                ranges.add(new String[] {data.consumeString(8), data.consumeString(8)});
            }
            days.put(DayOfWeek.of(data.consumeInt(1, 7)), ranges);
        }
        try {
            WeeklyHours hours = WeeklyHours.of(days, "working_hours");
            assertThat(WeeklyHours.parse(hours.format())).isEqualTo(hours);
        } catch (ValidationException documented) {
            // a malformed, reversed or overlapping range is refused: the documented outcome
        }
    }

    private static Http.Request zendesk(String method, String path, byte[] body) {
        Http.Request request =
                switch (method) {
                    case "POST" -> http.post(path);
                    case "PUT" -> http.put(path);
                    default -> http.get(path);
                };
        return request.host(host).as(admin).body("application/json", body);
    }

    private static String userPath() {
        return "/api/v2/users.json";
    }

    private static String pagedZendeskPath(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> "/api/v2/groups.json";
            case 1 -> "/api/v2/users.json";
            case 2 -> "/api/v2/group_memberships.json";
            default -> "/api/v2/job_statuses.json";
        };
    }

    private static String usedeskPath(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 4)) {
            case 0 -> "/groups";
            case 1 -> "/users";
            case 2 -> "/create/user";
            case 3 -> "/update/user";
            default -> "/delete/user";
        };
    }

    private static String signed() {
        return UdeskSigner.v2(admin.email(), admin.token()).query();
    }

    /** A body that is JSON often enough to get past the syntax check and into the field parsers. */
    private static byte[] json(FuzzedDataProvider data) {
        return data.consumeRemainingAsBytes();
    }

    private static byte[] usedeskJson(FuzzedDataProvider data) {
        String fields = data.consumeRemainingAsString();
        return ("{\"api_token\":\"" + admin.token() + "\"," + fields).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] usedeskForm(FuzzedDataProvider data) {
        return ("api_token=" + admin.token() + "&" + data.consumeRemainingAsString()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] multipart(FuzzedDataProvider data) {
        String name = data.consumeString(16);
        byte[] value = data.consumeRemainingAsBytes();
        String head = "--fuzz\r\nContent-Disposition: form-data; name=\"api_token\"\r\n\r\n" + admin.token()
                + "\r\n--fuzz\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n";
        byte[] tail = "\r\n--fuzz--\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[headBytes.length + value.length + tail.length];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(value, 0, out, headBytes.length, value.length);
        System.arraycopy(tail, 0, out, headBytes.length + value.length, tail.length);
        return out;
    }

    /** A fuzzed query string made into a legal URI query: what a client can put on the wire. */
    private static String query(FuzzedDataProvider data) {
        String raw = data.consumeString(512);
        StringBuilder out = new StringBuilder();
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = (b >= 'a' && b <= 'z')
                    || (b >= 'A' && b <= 'Z')
                    || (b >= '0' && b <= '9')
                    || "-._~&=,:+/".indexOf(b) >= 0;
            boolean escape = b == '%'
                    && i + 2 < bytes.length
                    && HexFormat.isHexDigit(bytes[i + 1])
                    && HexFormat.isHexDigit(bytes[i + 2]);
            if (plain || escape) {
                out.append((char) b);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) b));
            }
        }
        return out.toString();
    }

    private static void send(Http.Request request) {
        Response response;
        try {
            response = request.send();
        } catch (IllegalStateException first) {
            // A kept-alive connection the server closed between requests fails once on the client's side; an
            // input that makes the server drop the connection drops it again.
            try {
                response = request.send();
            } catch (IllegalStateException e) {
                if (e.getCause() instanceof IOException io) {
                    throw new UncheckedIOException("the server dropped or timed out the request", io);
                }
                throw e;
            }
        }
        assertThat(response.status()).as(response.body()).isLessThan(500);
    }
}
