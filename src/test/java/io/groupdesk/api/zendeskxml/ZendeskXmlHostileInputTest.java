package io.groupdesk.api.zendeskxml;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.XmlDocument;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile request bodies on the classic API: DTDs, external entities, entity expansion, oversized and malformed
 * documents. Each is refused with a 4xx in the classic error form, never a 500, and changes nothing.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskXmlHostileInputTest {
    private static final int MIB = 1024 * 1024;

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAgent admin;
    private static TestAgent alice;
    private static Group target;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().account();
        admin = account.admin();
        alice = app.fixtures().agent(account.id(), Role.AGENT);
        target = app.fixtures().group(account.id(), "Target");
        app.fixtures().membership(account.id(), alice, target);
    }

    // ---- DTDs and external entities -----------------------------------------------------------------------------

    @Test
    void refusesExternalEntityNamingALocalFile() {
        String body =
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE group [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <group><name>&xxe;</name></group>
                """;
        List<String> before = groupNames();

        Response created = send("POST", "/groups.xml", body);
        Response updated = send("PUT", "/groups/" + target.id() + ".xml", body);

        for (Response response : List.of(created, updated)) {
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(errors(response)).isNotEmpty();
            assertThat(response.body()).doesNotContain("root:").doesNotContain("/bin/");
        }
        assertThat(groupNames()).isEqualTo(before);
        assertTargetUntouched();
    }

    @Test
    void refusesParameterEntityNamingALocalFile() {
        String body =
                """
                <?xml version="1.0"?>
                <!DOCTYPE group [<!ENTITY % xxe SYSTEM "file:///etc/passwd"> %xxe;]>
                <group><name>Parameter entity</name></group>
                """;
        List<String> before = groupNames();

        Response response = send("POST", "/groups.xml", body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(errors(response)).isNotEmpty();
        assertThat(response.body()).doesNotContain("root:");
        assertThat(groupNames()).isEqualTo(before);
    }

    @Test
    void neverFetchesExternalDtdsOrEntities() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        listener.createContext("/", exchange -> {
            fetches.incrementAndGet();
            byte[] dtd = "<!ENTITY leak \"fetched\">".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, dtd.length);
            exchange.getResponseBody().write(dtd);
            exchange.close();
        });
        listener.start();
        String base = "http://127.0.0.1:" + listener.getAddress().getPort();
        List<String> bodies = List.of(
                "<!DOCTYPE group SYSTEM \"" + base + "/evil.dtd\"><group><name>External DTD &leak;</name></group>",
                "<!DOCTYPE group [<!ENTITY ping SYSTEM \"" + base + "/ping\">]><group><name>&ping;</name></group>",
                "<!DOCTYPE group [<!ENTITY % remote SYSTEM \"" + base + "/remote.dtd\"> %remote;]>"
                        + "<group><name>Remote parameter</name></group>");
        List<String> before = groupNames();

        try {
            for (String body : bodies) {
                Response created = send("POST", "/groups.xml", body);
                Response updated = send("PUT", "/groups/" + target.id() + ".xml", body);

                assertThat(created.status()).as(body).isEqualTo(400);
                assertThat(updated.status()).as(body).isEqualTo(400);
                assertThat(created.body()).doesNotContain("fetched");
            }
        } finally {
            listener.stop(0);
        }

        assertThat(fetches).hasValue(0);
        assertThat(groupNames()).isEqualTo(before);
        assertTargetUntouched();
    }

    @Test
    void refusesAnInternalDtdEvenWithoutEntities() {
        String body = "<!DOCTYPE group [<!ELEMENT group ANY>]><group><name>Declared</name></group>";
        List<String> before = groupNames();

        Response response = send("POST", "/groups.xml", body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(errors(response)).isNotEmpty();
        assertThat(groupNames()).isEqualTo(before).doesNotContain("Declared");
    }

    @Test
    void doesNotFollowXInclude() {
        String body = "<group xmlns:xi=\"http://www.w3.org/2001/XInclude\"><name>XInclude"
                + "<xi:include href=\"file:///etc/passwd\" parse=\"text\"/></name></group>";

        Response response = send("POST", "/groups.xml", body);

        // the include is an element inside <name>, skipped like any other; only the name's own text is kept
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(XmlDocument.parse(response).text("/group/name")).isEqualTo("XInclude");
        assertThat(response.body()).doesNotContain("root:");
        assertThat(groupNames()).noneMatch(name -> name.contains("root:"));
    }

    // ---- entity expansion ---------------------------------------------------------------------------------------

    @Test
    void refusesBillionLaughsQuickly() {
        StringBuilder body = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE group [\n <!ENTITY lol0 \"lol\">\n");
        for (int level = 1; level <= 9; level++) {
            body.append(" <!ENTITY lol").append(level).append(" \"");
            body.append(("&lol" + (level - 1) + ";").repeat(10));
            body.append("\">\n");
        }
        body.append("]>\n<group><name>&lol9;</name></group>\n");
        List<String> before = groupNames();
        long started = System.nanoTime();

        Response response = send("POST", "/groups.xml", body.toString());

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(errors(response)).isNotEmpty();
        assertThat(response.body()).doesNotContain("lollollol");
        assertThat(groupNames()).isEqualTo(before);
    }

    @Test
    void refusesQuadraticBlowupQuickly() {
        String big = "x".repeat(50_000);
        String body = "<!DOCTYPE group [<!ENTITY big \"" + big + "\">]><group><name>Blowup</name><description>"
                + "&big;".repeat(10_000) + "</description></group>";
        List<String> before = groupNames();
        long started = System.nanoTime();

        Response response = send("PUT", "/groups/" + target.id() + ".xml", body);

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(groupNames()).isEqualTo(before);
        assertTargetUntouched();
    }

    // ---- size ---------------------------------------------------------------------------------------------------

    @Test
    void refusesBodiesOverTheSizeLimit() {
        String body = "<group><name>Too big</name><description>" + "x".repeat(2 * MIB) + "</description></group>";
        String json = "{\"group\":{\"name\":\"Too big json\",\"description\":\"" + "x".repeat(2 * MIB) + "\"}}";
        List<String> before = groupNames();

        Response createdXml = send("POST", "/groups.xml", body);
        Response updatedXml = send("PUT", "/groups/" + target.id() + ".xml", body);
        Response createdJson = http.post("/groups.json")
                .host(account.host())
                .as(admin)
                .json(json)
                .send();

        for (Response response : List.of(createdXml, updatedXml, createdJson)) {
            assertThat(response.status()).as(response.body()).isEqualTo(413);
            assertThat(errors(response)).isNotEmpty();
        }
        assertThat(groupNames()).isEqualTo(before).doesNotContain("Too big", "Too big json");
        assertTargetUntouched();
    }

    @Test
    void refusesChunkedBodiesOverTheSizeLimit() throws Exception {
        byte[] body = ("<group><name>Too big chunked</name><description>" + "x".repeat(2 * MIB)
                        + "</description></group>")
                .getBytes(StandardCharsets.UTF_8);
        List<String> before = groupNames();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.baseUrl() + "/groups.xml"))
                .timeout(Duration.ofSeconds(30))
                .header("Host", account.host())
                .header("Authorization", Http.basic(admin.email(), admin.password()))
                .header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(groupNames()).isEqualTo(before).doesNotContain("Too big chunked");
    }

    @Test
    void acceptsBodiesJustUnderTheSizeLimitIntoValidation() {
        String body =
                "<group><name>Nearly too big</name><description>" + "x".repeat(MIB - 1024) + "</description></group>";
        List<String> before = groupNames();

        Response response = send("POST", "/groups.xml", body);

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(errors(response)).singleElement().asString().startsWith("Description");
        assertThat(groupNames()).isEqualTo(before);
    }

    @Test
    void refusesAnAgentsListTooLongForOneStatementWithoutA500() {
        // 70,000 ids are about 450 KB, well under the size limit, but more than one replace may name
        String ids = LongStream.rangeClosed(1, 70_000).mapToObj(Long::toString).collect(Collectors.joining(","));
        List<String> before = groupNames();

        Response created =
                send("POST", "/groups.xml", "<group><name>Crowded</name><agents>" + ids + "</agents></group>");
        Response updated =
                send("PUT", "/groups/" + target.id() + ".xml", "<group><agents>" + ids + "</agents></group>");

        for (Response response : List.of(created, updated)) {
            assertThat(response.status()).as(response.body()).isEqualTo(422);
            assertThat(errors(response)).singleElement().asString().contains("at most 10000");
        }
        assertThat(groupNames()).isEqualTo(before);
        assertTargetUntouched();
    }

    // ---- malformed documents ------------------------------------------------------------------------------------

    @Test
    void refusesMalformedXmlOnCreateWithClassicErrors() {
        List<String> before = groupNames();

        for (Map.Entry<String, byte[]> malformed : malformedBodies().entrySet()) {
            Response response = send("POST", "/groups.xml", malformed.getValue());

            assertThat(response.status())
                    .as(malformed.getKey() + ": " + response.body())
                    .isEqualTo(400);
            assertThat(errors(response)).as(malformed.getKey()).isNotEmpty().allSatisfy(error -> assertThat(error)
                    .isNotBlank());
        }
        assertThat(groupNames()).isEqualTo(before);
    }

    @Test
    void refusesMalformedXmlOnUpdateAndKeepsTheGroup() {
        for (Map.Entry<String, byte[]> malformed : malformedBodies().entrySet()) {
            Response response = send("PUT", "/groups/" + target.id() + ".xml", malformed.getValue());

            assertThat(response.status())
                    .as(malformed.getKey() + ": " + response.body())
                    .isEqualTo(400);
            assertThat(errors(response)).as(malformed.getKey()).isNotEmpty();
        }
        assertTargetUntouched();
    }

    @Test
    void refusesMalformedJsonOnJsonPaths() {
        List<String> before = groupNames();
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("truncated", "{\"group\": {\"name\": ".getBytes(StandardCharsets.UTF_8));
        bodies.put("xml on a json path", "<group><name>Xml</name></group>".getBytes(StandardCharsets.UTF_8));
        bodies.put("binary garbage", garbage(2048));
        bodies.put("empty", new byte[0]);
        bodies.put("no group wrapper", "{\"name\": \"Unwrapped\"}".getBytes(StandardCharsets.UTF_8));

        for (Map.Entry<String, byte[]> malformed : bodies.entrySet()) {
            Response created = http.post("/groups.json")
                    .host(account.host())
                    .as(admin)
                    .body("application/json", malformed.getValue())
                    .send();
            Response updated = http.put("/groups/" + target.id() + ".json")
                    .host(account.host())
                    .as(admin)
                    .body("application/json", malformed.getValue())
                    .send();

            for (Response response : List.of(created, updated)) {
                assertThat(response.status())
                        .as(malformed.getKey() + ": " + response.body())
                        .isEqualTo(400);
                assertThat(response.json().get("errors")).as(malformed.getKey()).isNotEmpty();
            }
        }
        assertThat(groupNames()).isEqualTo(before);
        assertTargetUntouched();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Bodies that are not a well-formed {@code <group>} document, by what is wrong with them. */
    private static Map<String, byte[]> malformedBodies() {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("mismatched end tag", utf8("<group><name>Broken</group>"));
        bodies.put("unclosed tags", utf8("<group><name>Unclosed"));
        bodies.put("unclosed root", utf8("<group><name>Half</name>"));
        bodies.put("wrong root element", utf8("<team><name>Wrong root</name></team>"));
        bodies.put("array root element", utf8("<groups><group><name>Nested</name></group></groups>"));
        bodies.put("two root elements", utf8("<group><name>Once</name></group><group><name>Twice</name></group>"));
        bodies.put("binary garbage", garbage(4096));
        bodies.put("control bytes", new byte[] {0, 1, 2, 3, (byte) 0xff, (byte) 0xfe, (byte) 0xfd});
        bodies.put("empty body", new byte[0]);
        bodies.put("only whitespace", utf8("  \n\t "));
        bodies.put("form encoded", utf8("group[name]=Form+encoded"));
        bodies.put("json on an xml path", utf8("{\"group\": {\"name\": \"Json on xml\"}}"));
        bodies.put("undefined entity", utf8("<group><name>&undefined;</name></group>"));
        bodies.put("invalid character reference", utf8("<group><name>Nul &#0; char</name></group>"));
        bodies.put("unbound namespace prefix", utf8("<x:group><name>Prefixed</name></x:group>"));
        bodies.put("unquoted attribute", utf8("<group><agents type=array><agent>1</agent></agents></group>"));
        bodies.put(
                "invalid utf-8",
                concat(utf8("<group><name>Bad "), new byte[] {(byte) 0xc3, 0x28}, utf8("</name></group>")));
        bodies.put(
                "unknown encoding",
                utf8("<?xml version=\"1.0\" encoding=\"no-such-charset\"?><group><name>Enc</name></group>"));
        bodies.put("text before root", utf8("hello <group><name>Text first</name></group>"));
        return bodies;
    }

    private static byte[] garbage(int length) {
        byte[] bytes = new byte[length];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static Response send(String method, String path, String body) {
        return send(method, path, utf8(body));
    }

    private static Response send(String method, String path, byte[] body) {
        Http.Request request = method.equals("POST") ? http.post(path) : http.put(path);
        return request.host(account.host())
                .authorization(Http.basic(admin.email(), admin.password()))
                .body("application/xml", body)
                .send();
    }

    /** The messages of the classic error body, which must be {@code <errors><error>…</error></errors>}. */
    private static List<String> errors(Response response) {
        String type = response.header("Content-Type").orElse("");
        if (type.startsWith("application/json")) {
            List<String> errors = new ArrayList<>();
            response.json().get("errors").forEach(error -> errors.add(error.asString()));
            return errors;
        }
        assertThat(type).as(response.body()).startsWith("application/xml");
        XmlDocument xml = XmlDocument.parse(response);
        assertThat(xml.rootName()).isEqualTo("errors");
        return xml.texts("/errors/error");
    }

    private static void assertTargetUntouched() {
        Group stored = app.services().groups().get(admin.caller(), target.id());
        assertThat(stored.name()).isEqualTo("Target");
        assertThat(stored.description()).isEqualTo(target.description());
        assertThat(stored.deleted()).isFalse();
        Set<AgentId> members = app
                .services()
                .memberships()
                .list(admin.caller(), MembershipFilter.ofGroup(target.id()), PageRequest.first(PageRequest.MAX_SIZE))
                .items()
                .stream()
                .map(Membership::agentId)
                .collect(Collectors.toSet());
        assertThat(members).containsExactly(alice.agent().id());
    }

    private static List<String> groupNames() {
        return app
                .services()
                .groups()
                .list(admin.caller(), GroupService.Scope.ALL, true, PageRequest.offset(1, PageRequest.MAX_SIZE))
                .items()
                .stream()
                .map(Group::name)
                .toList();
    }
}
