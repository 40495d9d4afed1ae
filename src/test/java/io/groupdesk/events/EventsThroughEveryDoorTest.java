package io.groupdesk.events;

import static io.groupdesk.events.EventsTestSupport.GROUP_CREATED;
import static io.groupdesk.events.EventsTestSupport.GROUP_UPDATED;
import static io.groupdesk.events.EventsTestSupport.USER_CREATED;
import static io.groupdesk.events.EventsTestSupport.changes;
import static io.groupdesk.events.EventsTestSupport.defaultGroup;
import static io.groupdesk.events.EventsTestSupport.group;
import static io.groupdesk.events.EventsTestSupport.joined;
import static io.groupdesk.events.EventsTestSupport.mark;
import static io.groupdesk.events.EventsTestSupport.seenSince;
import static io.groupdesk.events.EventsTestSupport.since;
import static io.groupdesk.events.EventsTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.events.EventsTestSupport.Made;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.UdeskSigner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every door records the events of what it changes, over HTTP against the whole service: the change's events with the
 * caller's agent as the actor, the door as {@code via}, the request's id (the {@code X-Request-Id} the client sent,
 * else the one the response carries) and the client's address.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class EventsThroughEveryDoorTest {
    /** The address the test's connections come from, as the server sees it. */
    private static final String LOOPBACK = "127.0.0.1";

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    io.groupdesk.testing.TestDatabase database;

    @Test
    void zendeskJsonRecordsItsChangesViaApi() {
        TestAccount account = app.fixtures().account();
        TestAgent admin = account.admin();
        TestAgent bob = app.fixtures().agent(account.id(), Role.AGENT);
        Group tier2 = app.fixtures().group(account.id(), "Tier 2");
        long mark = mark(jdbi(), account.id());

        Response added = http().post("/api/v2/group_memberships.json")
                .host(account.host())
                .as(admin)
                .header("X-Request-Id", "zendesk-add-1")
                .json("{\"group_membership\": {\"user_id\": " + bob.agent().id().value() + ", \"group_id\": "
                        + tier2.id().value() + "}}")
                .send();
        Response renamed = http().put("/api/v2/groups/" + tier2.id().value() + ".json")
                .host(account.host())
                .as(admin)
                .header("X-Request-Id", "zendesk-rename-1")
                .json("{\"group\": {\"name\": \"Tier 2 (EU)\"}}")
                .send();

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        long membership = added.json().get("group_membership").get("id").asLong();
        assertThat(seenSince(jdbi(), account.id(), mark))
                .containsExactly(
                        joined(membership, bob.agent().id(), tier2.id(), false),
                        group(GROUP_UPDATED, tier2.id(), changes("name", "Tier 2", "Tier 2 (EU)")));
        assertThat(since(jdbi(), account.id(), mark))
                .extracting(Made::of)
                .containsExactly(made(admin, "api", "zendesk-add-1"), made(admin, "api", "zendesk-rename-1"));
    }

    @Test
    void zendeskBulkJobsRecordEachMembershipTheyMadeOrRemovedViaApi() {
        TestAccount account = app.fixtures().account();
        TestAgent admin = account.admin();
        TestAgent bob = app.fixtures().agent(account.id(), Role.AGENT);
        Group tier2 = app.fixtures().group(account.id(), "Tier 2");
        Group tier3 = app.fixtures().group(account.id(), "Tier 3");
        long mark = mark(jdbi(), account.id());

        Response created = http().post("/api/v2/group_memberships/create_many.json")
                .host(account.host())
                .as(admin)
                .header("X-Request-Id", "zendesk-create-many-1")
                .json("{\"group_memberships\": [" + pair(bob, tier2) + ", " + pair(bob, tier3) + ", " + pair(bob, tier2)
                        + "]}")
                .send();
        Membership inTier2 = membershipOf(account, bob, tier2.id());
        Membership inTier3 = membershipOf(account, bob, tier3.id());
        long afterCreate = mark(jdbi(), account.id());
        Response destroyed = http().delete("/api/v2/group_memberships/destroy_many.json?ids="
                        + inTier2.id().value() + "," + inTier3.id().value())
                .host(account.host())
                .as(admin)
                .header("X-Request-Id", "zendesk-destroy-many-1")
                .send();

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(destroyed.status()).as(destroyed.body()).isEqualTo(200);
        assertThat(seenSince(jdbi(), account.id(), mark))
                .containsExactly(
                        joined(inTier2.id().value(), bob.agent().id(), tier2.id(), false),
                        joined(inTier3.id().value(), bob.agent().id(), tier3.id(), false),
                        EventsTestSupport.left(inTier2),
                        EventsTestSupport.left(inTier3));
        assertThat(since(jdbi(), account.id(), mark))
                .extracting(Made::of)
                .containsExactly(
                        made(admin, "api", "zendesk-create-many-1"),
                        made(admin, "api", "zendesk-create-many-1"),
                        made(admin, "api", "zendesk-destroy-many-1"),
                        made(admin, "api", "zendesk-destroy-many-1"));
        assertThat(afterCreate).isEqualTo(mark + 2);
    }

    private static String pair(TestAgent agent, Group group) {
        return "{\"user_id\": " + agent.agent().id().value() + ", \"group_id\": "
                + group.id().value() + "}";
    }

    @Test
    void zendeskClassicXmlRecordsItsChangesViaXml() {
        TestAccount account = app.fixtures().account();
        TestAgent admin = account.admin();
        TestAgent bob = app.fixtures().agent(account.id(), Role.AGENT);
        Group hardware = app.fixtures().group(account.id(), "Hardware");
        long mark = mark(jdbi(), account.id());

        Response updated = http().put("/groups/" + hardware.id().value() + ".xml")
                .host(account.host())
                .authorization(Http.basic(admin.email(), admin.password()))
                .header("X-Request-Id", "xml-update-1")
                .body(
                        "application/xml",
                        ("<group><name>Hardware and ICP</name><agents type='array'><agent>"
                                        + bob.agent().id().value() + "</agent></agents></group>")
                                .getBytes(StandardCharsets.UTF_8))
                .send();

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        Membership membership = membershipOf(account, bob, hardware.id());
        assertThat(seenSince(jdbi(), account.id(), mark))
                .containsExactly(
                        joined(membership.id().value(), bob.agent().id(), hardware.id(), false),
                        group(GROUP_UPDATED, hardware.id(), changes("name", "Hardware", "Hardware and ICP")));
        assertThat(since(jdbi(), account.id(), mark))
                .extracting(Made::of)
                .containsOnly(made(admin, "xml", "xml-update-1"));
    }

    @Test
    void udeskRecordsItsChangesViaUdeskWithTheRequestIdTheResponseCarries() {
        TestAccount account = app.fixtures().account();
        TestAgent admin = account.admin();
        TestAgent bob = app.fixtures().agent(account.id(), Role.AGENT);
        GroupId support = app.services()
                .groups()
                .accountDefault(Caller.system(account.id()))
                .orElseThrow()
                .id();
        long mark = mark(jdbi(), account.id());

        // no X-Request-Id sent: the service gives the request one, and says which
        Response created = http().post(udesk(admin, "/user_groups"))
                .host(account.host())
                .json("{\"name\": \"Udesk tier\"}")
                .send();
        GroupId udeskTier = new GroupId(created.json().get("id").asLong());
        Response moved = http().put(udesk(admin, "/agents/" + bob.agent().id().value()))
                .host(account.host())
                .header("X-Request-Id", "udesk-agent-1")
                .json("{\"agent\": {\"user_group_ids\": [" + support.value() + ", " + udeskTier.value() + "]}}")
                .send();

        assertThat(created.json().get("code").asInt()).as(created.body()).isEqualTo(1000);
        assertThat(moved.json().get("code").asInt()).as(moved.body()).isEqualTo(1000);
        Membership membership = membershipOf(account, bob, udeskTier);
        assertThat(app.services()
                        .groups()
                        .get(Caller.system(account.id()), udeskTier)
                        .description())
                .isEmpty();
        assertThat(seenSince(jdbi(), account.id(), mark))
                .containsExactly(
                        // a group created without a description has an empty one
                        group(
                                GROUP_CREATED,
                                udeskTier,
                                changes("name", null, "Udesk tier", "description", null, "", "is_public", null, true)),
                        joined(membership.id().value(), bob.agent().id(), udeskTier, false));
        assertThat(since(jdbi(), account.id(), mark))
                .extracting(Made::of)
                .containsExactly(
                        made(admin, "udesk", created.header("X-Request-Id").orElseThrow()),
                        made(admin, "udesk", "udesk-agent-1"));
    }

    @Test
    void usedeskRecordsItsChangesViaUsedesk() {
        // Usedesk has no call that creates or changes a group (reference/udesk_usedesk.md §2.3, §2.4): its changes
        // are an agent created in a group and an agent's default group moved, which joins the group first
        TestAccount account = app.fixtures().account();
        TestAgent admin = account.admin();
        GroupId support = app.services()
                .groups()
                .accountDefault(Caller.system(account.id()))
                .orElseThrow()
                .id();
        Group sales = app.fixtures().group(account.id(), "Sales");
        Group billing = app.fixtures().group(account.id(), "Billing");
        long mark = mark(jdbi(), account.id());

        Response created = usedesk(
                account,
                "usedesk-create-1",
                "/create/user",
                "api_token",
                admin.token(),
                "name",
                "Dana",
                "email",
                "dana@example.test",
                "password",
                "dana-secret-password",
                "group",
                Long.toString(sales.id().value()));
        AgentId dana = new AgentId(created.json().get("user_id").asLong());
        Response updated = usedesk(
                account,
                "usedesk-update-1",
                "/update/user",
                "api_token",
                admin.token(),
                "user_id",
                Long.toString(dana.value()),
                "group",
                Long.toString(billing.id().value()));

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        List<Membership> danas = app.services().memberships().ofAgent(Caller.system(account.id()), dana);
        assertThat(danas).extracting(Membership::groupId).containsExactly(support, sales.id(), billing.id());
        assertThat(seenSince(jdbi(), account.id(), mark))
                .containsExactly(
                        user(
                                USER_CREATED,
                                dana,
                                changes(
                                        "name",
                                        null,
                                        "Dana",
                                        "email",
                                        null,
                                        "dana@example.test",
                                        "role",
                                        null,
                                        "agent",
                                        "accepts_assignments",
                                        null,
                                        true,
                                        "suspended",
                                        null,
                                        false)),
                        joined(danas.get(0).id().value(), dana, support, true),
                        defaultGroup(dana, null, support),
                        joined(danas.get(1).id().value(), dana, sales.id(), false),
                        defaultGroup(dana, support, sales.id()),
                        joined(danas.get(2).id().value(), dana, billing.id(), false),
                        defaultGroup(dana, sales.id(), billing.id()));
        assertThat(since(jdbi(), account.id(), mark))
                .extracting(Made::of)
                .containsExactly(
                        made(admin, "usedesk", "usedesk-create-1"),
                        made(admin, "usedesk", "usedesk-create-1"),
                        made(admin, "usedesk", "usedesk-create-1"),
                        made(admin, "usedesk", "usedesk-create-1"),
                        made(admin, "usedesk", "usedesk-create-1"),
                        made(admin, "usedesk", "usedesk-update-1"),
                        made(admin, "usedesk", "usedesk-update-1"));
        assertThat(since(jdbi(), account.id(), mark).toString()).doesNotContain("dana-secret-password");
    }

    @Test
    void theConsoleRecordsItsChangesViaConsole() {
        TestAccount account = app.fixtures().account();
        TestAgent admin = account.admin();
        TestAgent bob = app.fixtures().agent(account.id(), Role.AGENT);
        Console console = new Console(account.host());
        console.signIn(admin.email(), admin.password());
        long mark = mark(jdbi(), account.id());

        Response created = console.submit(
                "/console/groups",
                "/console/groups",
                "console-create-1",
                Map.of("name", "Night shift", "description", "After hours"));
        String location = created.header("Location").orElseThrow();
        GroupId nightShift = new GroupId(Long.parseLong(location.replaceAll(".*/console/groups/(\\d+).*", "$1")));
        Response added = console.submit(
                "/console/groups/" + nightShift.value(),
                "/console/groups/" + nightShift.value() + "/members",
                "console-add-1",
                Map.of("agent", Long.toString(bob.agent().id().value())));

        assertThat(created.status()).as(created.body()).isEqualTo(303);
        assertThat(added.status()).as(added.body()).isEqualTo(303);
        Membership membership = membershipOf(account, bob, nightShift);
        assertThat(seenSince(jdbi(), account.id(), mark))
                .containsExactly(
                        group(
                                GROUP_CREATED,
                                nightShift,
                                changes(
                                        "name",
                                        null,
                                        "Night shift",
                                        "description",
                                        null,
                                        "After hours",
                                        "is_public",
                                        null,
                                        true)),
                        joined(membership.id().value(), bob.agent().id(), nightShift, false));
        assertThat(since(jdbi(), account.id(), mark))
                .extracting(Made::of)
                .containsExactly(made(admin, "console", "console-create-1"), made(admin, "console", "console-add-1"));
    }

    private static Made made(TestAgent actor, String via, String requestId) {
        return new Made(actor.agent().id().value(), via, requestId, LOOPBACK);
    }

    private static Membership membershipOf(TestAccount account, TestAgent agent, GroupId group) {
        return app
                .services()
                .memberships()
                .ofAgent(Caller.system(account.id()), agent.agent().id())
                .stream()
                .filter(m -> m.groupId().equals(group))
                .findFirst()
                .orElseThrow();
    }

    /** A Udesk open API path, signed as {@code agent} (v2). */
    private static String udesk(TestAgent agent, String path) {
        return "/open_api_v1" + path + "?"
                + UdeskSigner.v2(agent.email(), agent.token()).query();
    }

    /** A Usedesk call: a POST with its parameters in a form body, as Usedesk's own examples send them. */
    private static Response usedesk(TestAccount account, String requestId, String path, String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return http().post(path)
                .host(account.host())
                .header("X-Request-Id", requestId)
                .body("application/x-www-form-urlencoded", encode(form).getBytes(StandardCharsets.UTF_8))
                .send();
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Http http() {
        return app.http();
    }

    private static Jdbi jdbi() {
        return app.groupdesk().database().jdbi();
    }

    /** What a browser does with the console: keeps its cookies and sends each form with its page's CSRF token. */
    private static final class Console {
        private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");

        private final String host;
        private final Map<String, String> cookies = new LinkedHashMap<>();

        Console(String host) {
            this.host = host;
        }

        void signIn(String email, String password) {
            String csrf = csrf(get("/"));
            Response signedIn = post(
                    "/console/sign-in", "console-sign-in", Map.of("email", email, "password", password, "csrf", csrf));
            assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(303);
        }

        /** Posts a form the way the page at {@code page} would, with that page's CSRF token. */
        Response submit(String page, String action, String requestId, Map<String, String> fields) {
            Map<String, String> form = new LinkedHashMap<>(fields);
            form.put("csrf", csrf(get(page)));
            return post(action, requestId, form);
        }

        private Response get(String path) {
            return remember(
                    http().get(path).host(host).header("Cookie", cookies()).send());
        }

        private Response post(String path, String requestId, Map<String, String> form) {
            return remember(http().post(path)
                    .host(host)
                    .header("Cookie", cookies())
                    .header("X-Request-Id", requestId)
                    .body("application/x-www-form-urlencoded", encode(form).getBytes(StandardCharsets.UTF_8))
                    .send());
        }

        private Response remember(Response response) {
            response.headers().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                    .flatMap(e -> e.getValue().stream())
                    .forEach(header -> {
                        String pair = header.split(";", 2)[0];
                        int eq = pair.indexOf('=');
                        String value = pair.substring(eq + 1).strip();
                        if (value.isEmpty() || header.contains("Max-Age=0")) {
                            cookies.remove(pair.substring(0, eq).strip());
                        } else {
                            cookies.put(pair.substring(0, eq).strip(), value);
                        }
                    });
            return response;
        }

        private String cookies() {
            return cookies.isEmpty()
                    ? "x=y"
                    : cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; "));
        }

        private static String csrf(Response page) {
            Matcher matcher = CSRF.matcher(page.body());
            assertThat(matcher.find()).as("a CSRF field on " + page).isTrue();
            return matcher.group(1);
        }
    }
}
