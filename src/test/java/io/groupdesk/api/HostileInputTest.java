package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.agents.Agent;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.UdeskSigner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile values in every field of every dialect: SQL metacharacters, NUL bytes, invalid UTF-8, very long text and
 * deeply nested JSON get a clear 4xx in the dialect's own format (Udesk: HTTP 200 with a failure code), never a
 * 500, and a refused request stores nothing.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class HostileInputTest {
    private static final String SQL = "'; DROP TABLE agents; --";
    private static final String NUL = "nul\u0000byte";
    private static final String LONG = "x".repeat(10_000);
    private static final String NESTED = "[".repeat(10_000) + "]".repeat(10_000);

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

    /** One way of writing a value into one field: builds the request around a JSON (or XML) literal. */
    record Field(String dialect, String name, Function<byte[], Http.Request> request) {}

    private static List<Field> fields() {
        List<Field> fields = new ArrayList<>();
        zendesk(fields, "/api/v2/groups.json", "group", "name", "description");
        zendesk(fields, "/api/v2/users.json", "user", "name", "email", "role", "phone", "time_zone");
        zendesk(fields, "/api/v2/group_memberships.json", "group_membership", "user_id", "group_id");
        for (String field : List.of("user_id", "group_id")) {
            fields.add(new Field("zendesk", "create_many " + field, v -> http.post(
                            "/api/v2/group_memberships/create_many.json")
                    .host(account.host())
                    .as(admin)
                    .body("application/json", concat("{\"group_memberships\": [{\"" + field + "\": ", v, "}]}"))));
        }
        for (String field : List.of("name", "time_zone")) {
            fields.add(new Field("zendesk", "account " + field, v -> http.put("/api/v2/groupdesk/account.json")
                    .host(account.host())
                    .as(admin)
                    .body("application/json", concat("{\"account\": {\"" + field + "\": ", v, "}}"))));
        }
        for (String field : List.of("name", "description")) {
            fields.add(new Field("xml-json", field, v -> http.post("/groups.json")
                    .host(account.host())
                    .as(admin)
                    .body("application/json", concat("{\"group\": {\"" + field + "\": ", v, "}}"))));
        }
        for (String field : List.of("name")) {
            fields.add(new Field("udesk", "user_groups " + field, v -> http.post("/open_api_v1/user_groups?" + signed())
                    .host(account.host())
                    .body("application/json", concat("{\"" + field + "\": ", v, "}"))));
        }
        for (String field : List.of("email", "nick_name", "cellphone", "work_id", "aliase")) {
            fields.add(new Field("udesk", "agents " + field, v -> http.post("/open_api_v1/agents?" + signed())
                    .host(account.host())
                    .body(
                            "application/json",
                            concat(
                                    "{\"agent\": {\"email\": \"u" + System.nanoTime()
                                            + "@example.test\", \"nick_name\": \"U\", \"" + field + "\": ",
                                    v,
                                    "}}"))));
        }
        fields.add(new Field("udesk", "log_in email", v -> http.post("/open_api_v1/log_in")
                .host(account.host())
                .body("application/json", concat("{\"email\": ", v, ", \"password\": \"x\"}"))));
        for (String field : List.of("name", "email", "password", "group", "phone", "lang", "role")) {
            fields.add(new Field("usedesk", "create/user " + field, v -> http.post("/create/user")
                    .host(account.host())
                    .body(
                            "application/json",
                            concat(
                                    "{\"api_token\": \"" + admin.token()
                                            + "\", \"name\": \"Ann\", \"email\": \"ann" + System.nanoTime()
                                            + "@example.test\", \"password\": \"secret123\", \"group\": \"1\", \""
                                            + field + "\": ",
                                    v,
                                    "}"))));
        }
        for (String field : List.of("api_token", "user_id", "query", "group_id")) {
            fields.add(new Field("usedesk", "users " + field, v -> http.post("/users")
                    .host(account.host())
                    .body(
                            "application/json",
                            concat("{\"api_token\": \"" + admin.token() + "\", \"" + field + "\": ", v, "}"))));
        }
        return fields;
    }

    private static void zendesk(List<Field> fields, String path, String wrapper, String... names) {
        for (String name : names) {
            fields.add(new Field("zendesk", wrapper + " " + name, v -> http.post(path)
                    .host(account.host())
                    .as(admin)
                    .body("application/json", concat("{\"" + wrapper + "\": {\"" + name + "\": ", v, "}}"))));
        }
    }

    private static String signed() {
        return UdeskSigner.v2(admin.email(), admin.token()).query();
    }

    private static byte[] concat(String head, byte[] value, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(value);
        out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The hostile values, as JSON literals. */
    private static Map<String, byte[]> values() {
        return Map.of(
                "sql",
                jsonString(SQL),
                "nul",
                jsonString(NUL),
                "long",
                jsonString(LONG),
                "long email",
                jsonString("a".repeat(10_000) + "@example.test"),
                "nested",
                NESTED.getBytes(StandardCharsets.US_ASCII),
                "invalid utf-8",
                new byte[] {'"', 'a', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, '"'});
    }

    @Test
    void everyHostileValueInEveryFieldGetsAnAnswerBelow500AndARefusalStoresNothing() {
        // given
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Field field : fields()) {
            for (Map.Entry<String, byte[]> value : values().entrySet()) {
                long groupsBefore = groups();
                long agentsBefore = agents();

                // when
                Response response = field.request().apply(value.getValue()).send();
                requests++;

                // then
                String where = field.dialect() + " " + field.name() + " = " + value.getKey() + " → " + response.status()
                        + " " + abbreviate(response.body());
                if (response.status() >= 500) {
                    failures.add(where);
                    continue;
                }
                if (refused(field.dialect(), response)) {
                    if (groups() != groupsBefore || agents() != agentsBefore) {
                        failures.add("stored half-done: " + where);
                    }
                    if (!inDialectFormat(field.dialect(), response)) {
                        failures.add("not in the dialect's format: " + where);
                    }
                }
            }
        }
        assertThat(requests).isEqualTo(fields().size() * values().size());
        assertThat(failures).isEmpty();
    }

    @Test
    void sqlMetacharactersAreStoredAsPlainText() {
        // given
        String name = SQL + " " + System.nanoTime();

        // when
        Response response = http.post("/api/v2/groups.json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"name\": " + new String(jsonString(name), StandardCharsets.UTF_8) + "}}")
                .send();

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        long id = response.json().get("group").get("id").asLong();
        Group stored = app.services().groups().get(admin.caller(), new io.groupdesk.shared.GroupId(id));
        assertThat(stored.name()).isEqualTo(name);
        assertThat(agents()).isPositive();
    }

    @Test
    void tooLongNamesAreRefusedInEveryDialectsFormat() {
        // given
        long before = groups();

        // when
        Response zendesk = http.post("/api/v2/groups.json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"name\": \"" + LONG + "\"}}")
                .send();
        Response xml = http.post("/groups.xml")
                .host(account.host())
                .as(admin)
                .body("application/xml", ("<group><name>" + LONG + "</name></group>").getBytes(StandardCharsets.UTF_8))
                .send();
        Response udesk = http.post("/open_api_v1/user_groups?" + signed())
                .host(account.host())
                .json("{\"name\": \"" + LONG + "\"}")
                .send();

        // then
        assertThat(zendesk.status()).isEqualTo(422);
        assertThat(zendesk.json().get("error").asString()).isEqualTo("RecordInvalid");
        assertThat(xml.status()).isEqualTo(422);
        assertThat(xml.body()).contains("<errors>");
        assertThat(udesk.json().get("code").asInt()).isEqualTo(2000);
        assertThat(groups()).isEqualTo(before);
    }

    @Test
    void hostileXmlValuesAreRefusedNotStored() {
        // given
        long before = groups();
        List<byte[]> bodies = List.of(
                "<group><name>nul&#0;byte</name></group>".getBytes(StandardCharsets.UTF_8),
                new byte[] {
                    '<',
                    'g',
                    'r',
                    'o',
                    'u',
                    'p',
                    '>',
                    '<',
                    'n',
                    'a',
                    'm',
                    'e',
                    '>',
                    (byte) 0xC3,
                    0x28,
                    '<',
                    '/',
                    'n',
                    'a',
                    'm',
                    'e',
                    '>',
                    '<',
                    '/',
                    'g',
                    'r',
                    'o',
                    'u',
                    'p',
                    '>'
                },
                ("<group>" + "<a>".repeat(10_000) + "</a>".repeat(10_000) + "</group>")
                        .getBytes(StandardCharsets.UTF_8),
                ("<group><name>x</name><agents type='array'>" + "<agent>1</agent>".repeat(5_000) + "</agents></group>")
                        .getBytes(StandardCharsets.UTF_8));

        for (byte[] body : bodies) {
            // when
            Response response = http.post("/groups.xml")
                    .host(account.host())
                    .as(admin)
                    .body("application/xml", body)
                    .send();

            // then
            assertThat(response.status()).as(response.body()).isBetween(400, 499);
            assertThat(response.body()).contains("<error");
        }
        assertThat(groups()).isEqualTo(before);
    }

    @Test
    void overlongHeadersAndUrlsAreRefusedWithoutA500() {
        // given
        String huge = "h".repeat(64 * 1024);

        // when
        Response header = http.get("/api/v2/groups.json")
                .host(account.host())
                .as(admin)
                .header("X-Hostile", huge)
                .send();
        Response url = http.get("/api/v2/groups.json?name=" + huge)
                .host(account.host())
                .as(admin)
                .send();
        Response after =
                http.get("/api/v2/groups.json").host(account.host()).as(admin).send();

        // then
        assertThat(header.status()).isEqualTo(431);
        assertThat(url.status()).isEqualTo(414);
        assertThat(after.status()).isEqualTo(200);
    }

    private static boolean refused(String dialect, Response response) {
        if (dialect.equals("udesk")) {
            return response.status() >= 400 || response.json().path("code").asInt() != 1000;
        }
        return response.status() >= 400;
    }

    private static boolean inDialectFormat(String dialect, Response response) {
        try {
            return switch (dialect) {
                case "zendesk" -> response.json().has("error");
                case "xml-json" -> response.json().has("errors")
                        || response.json().has("error");
                case "udesk" -> response.json().has("code") && response.json().has("message");
                case "usedesk" -> response.json().has("error");
                default -> false;
            };
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    private static long groups() {
        return app.services()
                .groups()
                .list(admin.caller(), GroupService.Scope.ALL, true, PageRequest.offset(1, 100))
                .items()
                .size();
    }

    private static long agents() {
        return app
                .services()
                .agents()
                .list(admin.caller(), Set.of(Role.values()), true, PageRequest.offset(1, 100))
                .items()
                .stream()
                .map(Agent::id)
                .count();
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
