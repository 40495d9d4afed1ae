package io.groupdesk.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.api.openapi.OpenApiContract.Exchange;
import io.groupdesk.api.openapi.OpenApiContract.Operation;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.idempotency.IdempotentRequest;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document cannot drift from the code: every documented operation is driven against the running service
 * (happy path and its main failures), and every answer must be a documented status with a body that matches its
 * schema and the headers it promises. The document's operations must be exactly the routes served, and every one of
 * them must have been exercised by the time the last test runs.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiDriftTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    @RegisterExtension
    static final AppExtension app = new AppExtension(Map.of(
            "GROUPDESK_RATE_LIMIT_ZENDESK", "1000000",
            "GROUPDESK_MAX_REQUEST_BYTES", Integer.toString(MAX_REQUEST_BYTES),
            "GROUPDESK_AUTH_FAILURE_LIMIT", "3",
            "GROUPDESK_TRUST_PROXY", "true"));

    private static Http http;
    private static OpenApiContract contract;
    private static TestAccount account;
    private static TestAccount otherAccount;
    private static TestAgent admin;
    private static TestAgent agent;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        contract = OpenApiContract.shipped();
        account = app.fixtures().account();
        otherAccount = app.fixtures().account();
        admin = account.admin();
        agent = app.fixtures().agent(account.id(), Role.AGENT);
    }

    // ---- the document and the routes --------------------------------------------------------------------------

    @Test
    @Order(1)
    void documentsExactlyTheRoutesServedUnderApiV2() {
        OpenApiContract.RouteDrift drift =
                contract.compareWithRoutes(app.groupdesk().httpRoutes());

        assertThat(drift.undocumented()).as("routes served but not documented").isEmpty();
        assertThat(drift.notServed()).as("operations documented but not served").isEmpty();
    }

    @Test
    @Order(2)
    void everyZendeskRouteIsAlsoServedWithJson() {
        List<String> routes = app.groupdesk().httpRoutes();

        for (Operation operation : contract.operations()) {
            if (operation.path().startsWith("/api/v2/openapi")
                    || operation.path().startsWith("/api/v2/docs")) {
                continue;
            }
            assertThat(routes).contains(operation.method() + " " + operation.path() + ".json");
        }
    }

    @Test
    @Order(3)
    void servesTheDocumentWithTheRequestsBaseUrlAndNoCredentials() {
        Response response = call("GET", "/api/v2/openapi.json").anonymous().expect(200);

        JsonNode served = response.json();
        assertThat(served.get("servers").get(0).get("url").asString()).isEqualTo("http://" + account.host());
        assertThat(served.get("openapi").asString()).startsWith("3.1");
        JsonNode shipped = contract.document().deepCopy();
        assertThat(((ObjectNode) served).without("servers")).isEqualTo(((ObjectNode) shipped).without("servers"));
    }

    @Test
    @Order(4)
    void servesSwaggerUiFromTheClasspath() {
        Response page = call("GET", "/api/v2/docs").anonymous().expect(200);
        Response bundle =
                call("GET", "/api/v2/docs/swagger-ui-bundle.js").anonymous().expect(200);
        Response css = call("GET", "/api/v2/docs/swagger-ui.css").anonymous().expect(200);
        call("GET", "/api/v2/docs/nothing-here.js").anonymous().expect(404);
        call("GET", "/api/v2/docs/..%2Fopenapi.json").anonymous().expect(404);

        assertThat(page.body()).contains("swagger-ui-bundle.js").contains("/api/v2/openapi.json");
        assertThat(bundle.header("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(bundle.bytes().length).isGreaterThan(100_000);
        assertThat(css.header("Content-Type").orElseThrow()).startsWith("text/css");
    }

    // ---- groups -------------------------------------------------------------------------------------------------

    @Test
    @Order(10)
    void groups() {
        Group group = app.fixtures().group(account.id(), "Drift " + SEQUENCE.incrementAndGet());
        long id = group.id().value();
        long foreign = app.fixtures().group(otherAccount.id(), "Elsewhere").id().value();
        app.fixtures().membership(account.id(), agent, group);

        call("GET", "/api/v2/groups.json").expect(200);
        call("GET", "/api/v2/groups?include=users&exclude_deleted=false&per_page=1&page=2")
                .expect(200);
        Response firstPage = call("GET", "/api/v2/groups?page[size]=1").expect(200);
        call("GET", firstPage.json().get("links").get("next").asString()).expect(200);
        call("GET", "/api/v2/groups?page[after]=not-a-cursor").expect(400);
        call("GET", "/api/v2/groups?page=101").expect(400);
        call("GET", "/api/v2/groups").anonymous().expect(401);
        call("GET", "/api/v2/groups").as(agent).expect(200);
        call("GET", "/api/v2/groups/assignable?include=users").expect(200);
        call("GET", "/api/v2/groups/count.json").expect(200);
        call("GET", "/api/v2/groups/count").anonymous().expect(401);

        call("GET", "/api/v2/groups/" + id).expect(200);
        call("GET", "/api/v2/groups/" + foreign + ".json").expect(404);
        call("GET", "/api/v2/groups/" + id + "/memberships?include=users,groups")
                .expect(200);
        call("GET", "/api/v2/groups/" + id + "/memberships?page[size]=1").expect(200);
        call("GET", "/api/v2/groups/" + foreign + "/memberships").expect(404);
        call("GET", "/api/v2/groups/" + id + "/memberships/assignable").expect(200);
        call("GET", "/api/v2/groups/" + id + "/users").expect(200);
        call("GET", "/api/v2/groups/" + id + "/users?page[size]=1").expect(200);
    }

    @Test
    @Order(11)
    void groupChanges() {
        String name = "Created " + SEQUENCE.incrementAndGet();
        String body = "{\"group\": {\"name\": \"" + name + "\", \"description\": \"Second line\", \"is_public\": true,"
                + " \"time_zone\": \"Europe/Berlin\","
                + " \"working_hours\": {\"monday\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]}}}";
        Response created = call("POST", "/api/v2/groups").json(body).expect(201);
        long id = created.json().get("group").get("id").asLong();
        String etag = created.header("ETag").orElseThrow();

        call("POST", "/api/v2/groups.json")
                .json("{\"group\": {\"name\": \"\"}}")
                .expect(422);
        call("POST", "/api/v2/groups").json("{\"group\": ").expect(400);
        call("POST", "/api/v2/groups")
                .as(agent)
                .json("{\"group\": {\"name\": \"Not mine\"}}")
                .expect(403);
        call("POST", "/api/v2/groups")
                .json("{\"group\": {\"name\": \"" + name + "\"}}")
                .expect(422);
        call("POST", "/api/v2/groups")
                .json("{\"group\": {\"name\": \"" + "x".repeat(MAX_REQUEST_BYTES) + "\"}}")
                .expect(413);
        String key = "drift-" + SEQUENCE.incrementAndGet();
        String keyed = "{\"group\": {\"name\": \"Keyed " + key + "\"}}";
        call("POST", "/api/v2/groups")
                .header("Idempotency-Key", key)
                .json(keyed)
                .expect(201);
        Response replayed = call("POST", "/api/v2/groups")
                .header("Idempotency-Key", key)
                .json(keyed)
                .expect(201);
        call("POST", "/api/v2/groups")
                .header("Idempotency-Key", key)
                .json("{\"group\": {\"name\": \"Other\"}}")
                .expect(400);
        assertThat(replayed.header("Idempotent-Replayed")).contains("true");
        // another node holds this key and has not answered yet
        String pending = "pending-" + SEQUENCE.incrementAndGet();
        String pendingBody = "{\"group\": {\"name\": \"Pending " + pending + "\"}}";
        app.services()
                .idempotency()
                .claim(new IdempotentRequest(
                        account.id(),
                        "agent:" + admin.agent().id().value(),
                        "/api/v2/groups",
                        pending,
                        sha256(pendingBody)));
        call("POST", "/api/v2/groups")
                .header("Idempotency-Key", pending)
                .json(pendingBody)
                .expect(409);

        Response updated = call("PUT", "/api/v2/groups/" + id + ".json")
                .header("If-Match", etag)
                .json("{\"group\": {\"name\": \"" + name + " renamed\", \"working_hours\": null}}")
                .expect(200);
        call("PUT", "/api/v2/groups/" + id)
                .header("If-Match", etag)
                .json("{\"group\": {\"name\": \"stale\"}}")
                .expect(412);
        call("PUT", "/api/v2/groups/" + id)
                .json("{\"group\": {\"name\": \"" + "n".repeat(256) + "\"}}")
                .expect(422);
        call("PUT", "/api/v2/groups/" + id).as(agent).json("{\"group\": {}}").expect(403);
        call("PUT", "/api/v2/groups/" + foreignGroup()).json("{\"group\": {}}").expect(404);

        call("DELETE", "/api/v2/groups/" + id).header("If-Match", etag).expect(412);
        call("DELETE", "/api/v2/groups/" + id)
                .header("If-Match", updated.header("ETag").orElseThrow())
                .expect(204);
        call("DELETE", "/api/v2/groups/" + defaultGroup()).expect(422);
        call("DELETE", "/api/v2/groups/" + foreignGroup() + ".json").expect(404);
        call("DELETE", "/api/v2/groups/" + defaultGroup()).as(agent).expect(403);
    }

    // ---- users --------------------------------------------------------------------------------------------------

    @Test
    @Order(20)
    void users() {
        long id = agent.agent().id().value();

        call("GET", "/api/v2/users.json").expect(200);
        call("GET", "/api/v2/users?role=admin&page[size]=1").expect(200);
        call("GET", "/api/v2/users?role[]=agent&role[]=end-user").expect(200);
        call("GET", "/api/v2/users?per_page=abc").expect(400);
        call("GET", "/api/v2/users/me").expect(200);
        call("GET", "/api/v2/users/me.json").anonymous().expect(200);
        call("GET", "/api/v2/users/me").badCredentials().expect(401);
        call("GET", "/api/v2/users/" + id).expect(200);
        call("GET", "/api/v2/users/" + otherAccount.admin().agent().id().value())
                .expect(404);
        call("GET", "/api/v2/users/" + id + "/groups?include=users").expect(200);
        call("GET", "/api/v2/users/" + id + "/groups/count").expect(200);
        call("GET", "/api/v2/users/" + id + "/group_memberships.json").expect(200);
        call("GET", "/api/v2/users/" + id + "/group_memberships?page[size]=1&include=groups")
                .expect(200);
    }

    @Test
    @Order(21)
    void userChanges() {
        int n = SEQUENCE.incrementAndGet();
        String body = "{\"user\": {\"name\": \"Drift " + n + "\", \"email\": \"drift" + n + "@example.test\","
                + " \"role\": \"agent\", \"phone\": \"+49 30 1234\", \"time_zone\": \"Europe/Berlin\","
                + " \"position\": \"Lead\", \"work_id\": \"E-" + n + "\", \"accepts_assignments\": true,"
                + " \"skill_level\": 3, \"password\": \"a-long-password-" + n + "\"}}";
        Response created = call("POST", "/api/v2/users").json(body).expect(201);
        long id = created.json().get("user").get("id").asLong();
        String etag = created.header("ETag").orElseThrow();

        call("POST", "/api/v2/users.json")
                .json("{\"user\": {\"name\": \"End\", \"email\": \"end" + n
                        + "@example.test\", \"role\": \"end-user\"}}")
                .expect(422);
        call("POST", "/api/v2/users").as(agent).json(body).expect(403);
        call("POST", "/api/v2/users").json("[]").expect(400);

        Response updated = call("PUT", "/api/v2/users/" + id)
                .header("If-Match", etag)
                .json("{\"user\": {\"alias\": \"Dee\", \"photo\": {\"content_url\": \"https://example.test/a.png\"}}}")
                .expect(200);
        call("PUT", "/api/v2/users/" + id + ".json")
                .header("If-Match", etag)
                .json("{\"user\": {\"alias\": \"stale\"}}")
                .expect(412);
        call("PUT", "/api/v2/users/" + id)
                .json("{\"user\": {\"role\": \"owner\"}}")
                .expect(422);
        call("PUT", "/api/v2/users/" + id).as(agent).json("{\"user\": {}}").expect(403);

        call("DELETE", "/api/v2/users/" + id).header("If-Match", etag).expect(412);
        call("DELETE", "/api/v2/users/" + id + ".json")
                .header("If-Match", updated.header("ETag").orElseThrow())
                .expect(200);
        call("DELETE", "/api/v2/users/" + otherAccount.admin().agent().id().value())
                .expect(404);
    }

    // ---- memberships --------------------------------------------------------------------------------------------

    @Test
    @Order(30)
    void memberships() {
        TestAgent member = app.fixtures().agent(account.id(), Role.AGENT);
        long user = member.agent().id().value();
        long first = newGroup();
        long second = newGroup();
        Membership existing = app.fixtures().membership(account.id(), agent, groupById(first));

        call("GET", "/api/v2/group_memberships.json?include=users,groups").expect(200);
        call("GET", "/api/v2/group_memberships?page[size]=2").expect(200);
        call("GET", "/api/v2/group_memberships/assignable?include=users").expect(200);
        call("GET", "/api/v2/group_memberships/" + existing.id().value()).expect(200);
        call("GET", "/api/v2/group_memberships/999999999").expect(404);

        Response created = call("POST", "/api/v2/group_memberships")
                .json("{\"group_membership\": {\"user_id\": " + user + ", \"group_id\": " + first + "}}")
                .expect(201);
        long membership = created.json().get("group_membership").get("id").asLong();
        call("POST", "/api/v2/group_memberships.json")
                .json("{\"group_membership\": {\"user_id\": " + user + "}}")
                .expect(422);
        call("POST", "/api/v2/group_memberships")
                .as(agent)
                .json("{\"group_membership\": {\"user_id\": " + user + ", \"group_id\": " + second + "}}")
                .expect(403);

        Response ofUser = call("POST", "/api/v2/users/" + user + "/group_memberships")
                .json("{\"group_membership\": {\"group_id\": " + second + "}}")
                .expect(201);
        long secondMembership = ofUser.json().get("group_membership").get("id").asLong();
        call("POST", "/api/v2/users/" + user + "/group_memberships.json")
                .json("{\"group_membership\": {\"group_id\": " + second + "}}")
                .expect(422);
        call("POST", "/api/v2/users/999999999/group_memberships")
                .json("{\"group_membership\": {\"group_id\": " + second + "}}")
                .expect(404);
        call("GET", "/api/v2/users/" + user + "/group_memberships/" + secondMembership)
                .expect(200);
        call(
                        "GET",
                        "/api/v2/users/" + user + "/group_memberships/"
                                + existing.id().value() + ".json")
                .expect(404);
        call("PUT", "/api/v2/users/" + user + "/group_memberships/" + secondMembership + "/make_default")
                .expect(200);
        call("PUT", "/api/v2/users/" + user + "/group_memberships/999999999/make_default.json")
                .expect(404);
        call("DELETE", "/api/v2/users/" + user + "/group_memberships/" + membership)
                .header("If-Match", "\"" + membership + ".1\"")
                .expect(412);
        call("DELETE", "/api/v2/users/" + user + "/group_memberships/" + membership + ".json")
                .expect(204);
        call("DELETE", "/api/v2/group_memberships/" + secondMembership)
                .as(agent)
                .expect(403);
        call("DELETE", "/api/v2/group_memberships/" + secondMembership + ".json")
                .expect(204);
        call("DELETE", "/api/v2/group_memberships/" + secondMembership).expect(404);
    }

    @Test
    @Order(31)
    void bulkMembershipsAndTheirJobs() {
        TestAgent member = app.fixtures().agent(account.id(), Role.AGENT);
        long user = member.agent().id().value();
        long group = newGroup();

        Response job = call("POST", "/api/v2/group_memberships/create_many")
                .json("{\"group_memberships\": [{\"user_id\": " + user + ", \"group_id\": " + group + "},"
                        + " {\"user_id\": " + user + ", \"group_id\": 999999999}]}")
                .expect(200);
        call("POST", "/api/v2/group_memberships/create_many.json")
                .json("{\"group_memberships\": 3}")
                .expect(400);
        call("POST", "/api/v2/group_memberships/create_many")
                .as(agent)
                .json("{\"group_memberships\": []}")
                .expect(403);
        long created =
                job.json().get("job_status").get("results").get(0).get("id").asLong();

        Response destroyed = call("DELETE", "/api/v2/group_memberships/destroy_many?ids=" + created + ",999999999")
                .expect(200);
        call("DELETE", "/api/v2/group_memberships/destroy_many.json").expect(400);
        call("DELETE", "/api/v2/group_memberships/destroy_many?ids=1").as(agent).expect(403);

        String first = job.json().get("job_status").get("id").asString();
        String second = destroyed.json().get("job_status").get("id").asString();
        call("GET", "/api/v2/job_statuses").expect(200);
        call("GET", "/api/v2/job_statuses.json").anonymous().expect(401);
        call("GET", "/api/v2/job_statuses/show_many?ids=" + first + "," + second)
                .expect(200);
        call("GET", "/api/v2/job_statuses/" + first).expect(200);
        call("GET", "/api/v2/job_statuses/" + second + ".json").expect(200);
        call("GET", "/api/v2/job_statuses/" + "0".repeat(32)).expect(404);
    }

    // ---- the account extension ----------------------------------------------------------------------------------

    @Test
    @Order(40)
    void account() {
        call("GET", "/api/v2/groupdesk/account").expect(200);
        call("GET", "/api/v2/groupdesk/account.json").as(agent).expect(200);
        call("GET", "/api/v2/groupdesk/account").anonymous().expect(401);
        call("PUT", "/api/v2/groupdesk/account")
                .json("{\"account\": {\"name\": \"Drift Inc\", \"time_zone\": \"Europe/Paris\","
                        + " \"working_hours\": {\"friday\": [{\"start\": \"08:00\", \"end\": \"12:00\"}]},"
                        + " \"settings\": {\"usedesk.numeric_values\": \"true\"}}}")
                .expect(200);
        call("PUT", "/api/v2/groupdesk/account.json")
                .json("{\"account\": {\"settings\": [1]}}")
                .expect(422);
        call("PUT", "/api/v2/groupdesk/account")
                .as(agent)
                .json("{\"account\": {}}")
                .expect(403);
    }

    // ---- API tokens ---------------------------------------------------------------------------------------------

    @Test
    @Order(45)
    void apiTokens() {
        long id = call("POST", "/api/v2/api_tokens")
                .json("{\"api_token\": {\"description\": \"Drift token\"}}")
                .expect(201)
                .json()
                .get("api_token")
                .get("id")
                .asLong();
        call("POST", "/api/v2/api_tokens.json")
                .json("{\"api_token\": {\"description\": \"" + "x".repeat(256) + "\"}}")
                .expect(422);
        call("POST", "/api/v2/api_tokens").as(agent).expect(403);
        call("GET", "/api/v2/api_tokens").expect(200);
        call("GET", "/api/v2/api_tokens.json").anonymous().expect(401);
        call("GET", "/api/v2/api_tokens/" + id).expect(200);
        call("GET", "/api/v2/api_tokens/" + id + ".json").as(agent).expect(403);
        call("PUT", "/api/v2/api_tokens/" + id)
                .json("{\"api_token\": {\"description\": \"Drift token, renamed\"}}")
                .expect(200);
        call("PUT", "/api/v2/api_tokens/" + id).json("{\"api_token\": {}}").expect(422);
        call("DELETE", "/api/v2/api_tokens/" + id).expect(204);
        call("DELETE", "/api/v2/api_tokens/" + id + ".json").expect(404);
        call("GET", "/api/v2/api_tokens/" + id).expect(404);
        call("PUT", "/api/v2/api_tokens/" + id)
                .json("{\"api_token\": {\"description\": \"gone\"}}")
                .expect(404);
    }

    // ---- the change events --------------------------------------------------------------------------------------

    @Test
    @Order(46)
    void eventReads() {
        io.groupdesk.events.RecordedEvents events = new io.groupdesk.events.RecordedEvents(
                app.groupdesk().database().jdbi(), java.time.Clock.systemUTC());
        long group = newGroup();
        events.record(
                admin.caller(),
                io.groupdesk.events.Origin.of(io.groupdesk.events.Via.API),
                io.groupdesk.events.NewEvent.ofGroup(
                        io.groupdesk.events.EventType.GROUP_UPDATED,
                        new GroupId(group),
                        "Drift",
                        Map.of("name", new io.groupdesk.events.Change("Old", "Drift"))));
        long id = events.mark(account.id());
        String since = Long.toString(java.time.Instant.now().getEpochSecond() - 3600);

        call("GET", "/api/v2/audit_logs.json?filter[source_type]=group&filter[action]=update")
                .expect(200);
        call("GET", "/api/v2/audit_logs?page[size]=1&sort=created_at").expect(200);
        call("GET", "/api/v2/audit_logs?filter[source_type]=ticket").expect(400);
        call("GET", "/api/v2/audit_logs").as(agent).expect(403);
        call("GET", "/api/v2/audit_logs").anonymous().expect(401);
        call("GET", "/api/v2/audit_logs/" + id + ".json").expect(200);
        call("GET", "/api/v2/audit_logs/99999999").expect(404);
        call("GET", "/api/v2/groupdesk/events.json?per_page=5").expect(200);
        call("GET", "/api/v2/groupdesk/events?start_time=" + since).expect(200);
        call("GET", "/api/v2/groupdesk/events?cursor=nonsense").expect(400);
        call(
                        "GET",
                        "/api/v2/groupdesk/events?start_time="
                                + (java.time.Instant.now().getEpochSecond() + 3600))
                .expect(422);
        call("GET", "/api/v2/groupdesk/events").as(agent).expect(403);
        call("GET", "/api/v2/incremental/users.json?start_time=" + since).expect(200);
        call("GET", "/api/v2/incremental/users").expect(400);
        call("GET", "/api/v2/incremental/users/cursor.json?start_time=" + since + "&per_page=1")
                .expect(200);
        call("GET", "/api/v2/incremental/users/cursor?start_time=" + since)
                .as(agent)
                .expect(403);
        call("GET", "/api/v2/groups/" + group + "/memberships?as_of=" + java.time.Instant.now())
                .expect(200);
        call("GET", "/api/v2/users/" + admin.agent().id().value() + "/group_memberships.json?as_of=2001-01-01")
                .expect(422);
    }

    // ---- webhooks -----------------------------------------------------------------------------------------------

    @Test
    @Order(47)
    void webhooks() {
        // a public documentation address (TEST-NET-3) and no subscriptions: nothing is ever sent to it
        String fields = "{\"webhook\": {\"name\": \"Drift hook\", \"endpoint\": \"https://203.0.113.7/hook\","
                + " \"status\": \"active\", \"subscriptions\": [], \"custom_headers\": {\"X-Drift\": \"1\"},"
                + " \"authentication\": {\"type\": \"bearer_token\", \"data\": {\"token\": \"t\"},"
                + " \"add_position\": \"header\"}}}";
        String id = call("POST", "/api/v2/webhooks")
                .json(fields)
                .expect(201)
                .json()
                .get("webhook")
                .get("id")
                .asString();
        call("POST", "/api/v2/webhooks.json")
                .json("{\"webhook\": {\"name\": \"x\", \"endpoint\": \"http://127.0.0.1/\"}}")
                .expect(422);
        call("POST", "/api/v2/webhooks").as(agent).json(fields).expect(403);
        call("GET", "/api/v2/webhooks?page[size]=1").expect(200);
        call("GET", "/api/v2/webhooks.json").anonymous().expect(401);
        call("GET", "/api/v2/webhooks/" + id).expect(200);
        call("GET", "/api/v2/webhooks/" + id + ".json").as(agent).expect(403);
        call("PUT", "/api/v2/webhooks/" + id).json(fields).expect(204);
        call("PATCH", "/api/v2/webhooks/" + id)
                .json("{\"webhook\": {\"description\": \"patched\"}}")
                .expect(204);
        call("PATCH", "/api/v2/webhooks/" + id + ".json")
                .json("{\"webhook\": {\"subscriptions\": [\"zen:event-type:ticket.created\"]}}")
                .expect(422);
        call("POST", "/api/v2/webhooks/test")
                .json("{\"webhook\": {\"endpoint\": \"http://169.254.169.254/\"}}")
                .expect(422);
        call("GET", "/api/v2/webhooks/" + id + "/invocations").expect(200);
        call("GET", "/api/v2/webhooks/" + id + "/invocations/1/attempts").expect(404);
        call("GET", "/api/v2/webhooks/" + id + "/signing_secret").expect(200);
        call("POST", "/api/v2/webhooks/" + id + "/signing_secret").expect(201);
        call("DELETE", "/api/v2/webhooks/" + id).expect(204);
        call("DELETE", "/api/v2/webhooks/" + id + ".json").expect(404);
    }

    // ---- limits -------------------------------------------------------------------------------------------------

    @Test
    @Order(50)
    void throttledClientsGetTheDocumentedTooManyRequests() {
        String client = "throttled-" + SEQUENCE.incrementAndGet();
        for (int i = 0; i < 3; i++) {
            call("GET", "/api/v2/groups").from(client).badCredentials().expect(401);
        }

        Response throttled = call("GET", "/api/v2/groups").from(client).expect(429);

        assertThat(throttled.header("Retry-After")).isPresent();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void everyDocumentedOperationWasExercised() {
        Set<Operation> neverExercised = new TreeSet<>(Comparator.comparing(Operation::toString));
        neverExercised.addAll(contract.operations());
        neverExercised.removeAll(contract.exercised());

        assertThat(neverExercised).as("documented operations no test drove").isEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String sha256(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long newGroup() {
        return app.fixtures()
                .group(account.id(), "Drift " + SEQUENCE.incrementAndGet())
                .id()
                .value();
    }

    private static Group groupById(long id) {
        return app.services().groups().get(admin.caller(), new GroupId(id));
    }

    private static long defaultGroup() {
        return app
                .services()
                .groups()
                .list(admin.caller(), GroupService.Scope.ALL, false, PageRequest.first(100))
                .items()
                .stream()
                .filter(Group::isDefault)
                .findFirst()
                .orElseThrow()
                .id()
                .value();
    }

    private static long foreignGroup() {
        return app.fixtures()
                .group(otherAccount.id(), "Foreign " + SEQUENCE.incrementAndGet())
                .id()
                .value();
    }

    private static Call call(String method, String target) {
        return new Call(method, target);
    }

    /** One request to the service, checked against the document when it is sent. */
    private static final class Call {
        private final String method;
        private final String target;
        private final List<String[]> headers = new ArrayList<>();
        private Optional<String> body = Optional.empty();
        private Optional<String> authorization = Optional.of(Http.token(admin));
        private String client = "client-" + SEQUENCE.incrementAndGet();

        private Call(String method, String target) {
            this.method = method;
            this.target = target;
        }

        Call as(TestAgent caller) {
            authorization = Optional.of(Http.token(caller));
            return this;
        }

        Call anonymous() {
            authorization = Optional.empty();
            return this;
        }

        Call badCredentials() {
            authorization = Optional.of(Http.basic(admin.email(), "wrong password"));
            return this;
        }

        /** The client address the trusted proxy reports, which the failed-authentication throttle counts by. */
        Call from(String address) {
            client = address;
            return this;
        }

        Call header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        Call json(String json) {
            body = Optional.of(json);
            return this;
        }

        Response expect(int status) {
            Http.Request request =
                    switch (method) {
                        case "GET" -> http.get(target);
                        case "POST" -> http.post(target);
                        case "PUT" -> http.put(target);
                        case "DELETE" -> http.delete(target);
                        default -> http.request(method, target);
                    };
            request.host(account.host()).header("X-Forwarded-For", client);
            authorization.ifPresent(request::authorization);
            headers.forEach(header -> request.header(header[0], header[1]));
            body.ifPresent(request::json);
            Response response = request.send();
            String path = target.startsWith("http") ? URI.create(target).getRawPath() : target;

            assertThat(response.status())
                    .as(method.toUpperCase(Locale.ROOT) + " " + target + " answered " + response.body())
                    .isEqualTo(status);
            assertThat(contract.violations(
                            new Exchange(method, path, body, response.status(), response.headers(), response.bytes())))
                    .as(method + " " + target)
                    .isEmpty();
            return response;
        }
    }
}
